"""Word lists the extraction rules are built from (lower-case throughout)."""
from __future__ import annotations

# Words that end a noun phrase when walking left from its head.
FUNCTION_WORDS = frozenset("""
a an the this that these those its it their our we us they them his her he she you your i my
of in on at to for from by with without into onto over under via per as than then so such
and or nor but if while whereas when where which who whom whose what why how both either neither
is are was were be been being has have had do does did can could may might must shall should will would
not no also only even just very more most less least much many few several some any all each every
other another same further furthermore moreover however thus hence therefore here there
between among across through throughout during before after above below up down out about against
upon within toward towards beyond along around behind beside besides despite like unlike whether
e.g. i.e. etc. vs. vs et al. al because since although though unless until once yet still
already often usually thereby namely respectively whereby hereby
""".split())

# Verbs and verb forms frequent in abstracts; they never sit inside a name.
VERBS = frozenset("""
propose proposes proposed introduce introduces introduced present presents presented develop develops
developed design designs designed show shows showed shown demonstrate demonstrates demonstrated
achieve achieves achieved outperform outperforms outperformed improve improves improved use uses used
using apply applies applied employ employs employed leverage leverages leveraged exploit exploits
exploited study studies studied investigate investigates investigated explore explores explored
consider considers considered provide provides provided enable enables enabled allow allows allowed
require requires required yield yields yielded obtain obtains obtained evaluate evaluates evaluated
compare compares compared conduct conducts conducted perform performs performed train trains trained
learn learns learned learnt call calls called name names named term terms termed dub dubs dubbed
coined define defines defined refer refers referred formulate formulates formulated address addresses
addressed tackle tackles tackled solve solves solved reduce reduces reduced increase increases increased
find finds found make makes made take takes taken give gives given build builds built extend extends
extended generalize generalizes generalized combine combines combined integrate integrates integrated
incorporate incorporates incorporated adopt adopts adopted focus focuses focused rely relies relied
suffer suffers suffered remain remains remained become becomes became lead leads led establish
establishes established prove proves proved argue argues argued observe observes observed note notes
noted reveal reveals revealed suggest suggests suggested indicate indicates indicated verify verifies
verified validate validates validated release releases released achieve attains attain attained
surpass surpasses surpassed beat beats execute executes executed involve involves involved
attract attracts attracted pose poses posed exhibit exhibits exhibited
fine-tune fine-tunes finetune pre-train pretrain unlock unlocks derive derives derived permit permits permitted cast casts offer offers offered contain contains contained
include includes included consist consists consisted compute computes computed estimate estimates
estimated mitigate mitigates mitigated alleviate alleviates alleviated enhance enhances enhanced
boost boosts boosted facilitate facilitates facilitated bridge bridges bridged capture captures captured
generate generates generated produce produces produced predict predicts predicted aim aims aimed seek
seeks sought fail fails failed tend tends tended help helps helped ensure ensures ensured guarantee
guarantees guaranteed represent represents represented rethink rethinking revisit revisits revisited
describe describes described gain gains gained pay pays paid convert converts converted elevate elevates
elevated surpass surpassing draw draws drew drawn attracting receiving outperforming achieving
""".split())

# Adjectives that praise or quantify rather than name; stripped from the left of a phrase.
FILLER_ADJECTIVES = frozenset("""
novel new efficient effective existing various several different simple proposed popular recent
prior previous state-of-the-art sota many most other such same improved general powerful scalable
practical strong competitive traditional conventional classical typical common widely-used well-known
challenging important key standard current modern existing emerging original single specific
particular unified principled flexible generic innovative remarkable promising superior significant
first second third final main overall fundamental comprehensive extensive simple
straightforward fast faster better best good great high low higher lower lightweight efficiently
various diverse numerous multiple two three four five six any certain whole entire naive vanilla
successful effective elegant intuitive
additional alternative appropriate corresponding respective related relevant underlying subsequent
consistent special compact independent intermediate transitive smaller-sized canonical
natural dominant heuristic approximate explicit adjacent distinct tractable rigorous detailed
stronger weaker unsafe safe specialized dedicated careful carefully-designed well-designed
so-called called named known unknown certain careful exact complex robust
state-of-art similar huge
pre-trained pretrained fine-tuned finetuned trained well-trained better-trained frozen
generalizable scalable adaptable reliable explainable interpretable inadequate
advanced former latter proprietary plus classic
""".split())

# Heads that make a phrase a task.
TASK_HEADS = frozenset("""
classification segmentation detection recognition generation prediction forecasting translation
summarization retrieval reconstruction tracking localization captioning answering parsing tagging
synthesis completion interpolation super-resolution denoising inpainting deblurring restoration
editing reasoning regression clustering ranking recommendation planning navigation manipulation
verification anti-spoofing attribution explainability interpretability compression pruning
learning modeling modelling estimation understanding analysis discovery alignment
extraction identification labeling labelling selection fine-tuning removal transfer
filtering inference
attack attacks forecasting counting enhancement imputation search design control
""".split())

# Heads that make a phrase a method.
METHOD_HEADS = frozenset("""
algorithm algorithms network networks loss losses optimizer optimizers regularization regularizer
sampling distillation descent transformer transformers encoder encoders decoder decoders
autoencoder autoencoders module modules block blocks layer layers mechanism mechanisms architecture
architectures estimator estimators replay propagation boosting embedding embeddings attention
optimization model models scheme strategy procedure technique method framework approach
clipping normalization augmentation pooling initialization masking
""".split())

# Heads that, right after a name, make it a dataset.
DATASET_HEADS = frozenset("""
dataset datasets benchmark benchmarks corpus corpora suite suites environment environments
collection testbed test-bed challenge database data-set leaderboard
""".split())

# Generic method heads: they type a phrase but are dropped from an entity name ("XQL method").
SOFT_METHOD_HEADS = frozenset("""
method methods approach approaches framework frameworks technique techniques scheme schemes
strategy strategies procedure procedures model models algorithm algorithms
""".split())

# Task heads that alone are too broad; "learning" also needs a specific modifier.
SOFT_TASK_HEADS = frozenset("""
learning modeling modelling analysis understanding search design control selection
estimation matching transfer alignment discovery
""".split())

# Whole phrases that name no specific entity.
GENERIC_PHRASES = frozenset("""
deep learning|machine learning|neural network|neural networks|deep neural network|deep neural networks
deep network|deep networks|deep model|deep models|language model|language models|artificial intelligence|statistical learning
learning algorithm|learning algorithms|learning method|learning methods|optimization algorithm
optimization algorithms|our method|our approach|our model|our framework|our algorithm|baseline
baselines|baseline method|baseline methods|state-of-the-art method|state-of-the-art methods
prior method|prior methods|existing method|existing methods|this method|this approach|these methods
training|learning|model|models|method|methods|algorithm|algorithms|approach|approaches|framework
data|dataset|datasets|benchmark|benchmarks|task|tasks|problem|problems|network|networks|loss
objective function|loss function|loss functions|the model|proposed method|proposed approach
end-to-end learning|representation|representations|optimization|inference|evaluation|experiment
experiments|analysis|theory|generalization|performance|efficiency|robustness|scalability
real-world data|synthetic data|real data|training data|test data|large-scale data|medical images
neural model|neural models|learning model|learning models|learning framework|learning problem
ai|ml|data analysis|computer vision|natural language processing|nlp|cv|data science|deep rl
""".replace("\n", "|").split("|")) - {""}

# Capitalised or upper-case tokens that are not entity names.
NAME_STOPWORDS = frozenset("""
ai ml dl nlp cv sota api apis gpu gpus cpu cpus tpu iot ui ux pdf url http https id ids iid i.i.d
ii iii iv vi vii viii ix xi xii ok usa us uk eu nasa ieee acm arxiv github pytorch tensorflow jax
python code ood mse mae rmse auc roc iou map psnr ssim fid bleu rouge ndcg mrr f1 top-1 top-5 2d 3d 4d
q a b c d e f g k l m n p r s t x y z nn ce mb gb kb tb ms fps flops gflops hz json xml
html youtube non-iid rgb rgb-d kl
""".split())

# Verbs whose object is the paper's own contribution.
PROPOSE_VERBS = frozenset("""
propose proposes proposed introduce introduces introduced present presents presented develop
develops developed design designs designed devise devises devised create creates created
construct constructs constructed build builds built release releases released curate curates
curated contribute contributes formulate formulates formulated establish establishes derive derives
derived define defines
""".split())

# Words right before a name that mark it as the paper's own.
NAMING_WORDS = frozenset("called dubbed named termed coined call dub name term".split())

# Words that close the object phrase of a proposing verb.
CLAUSE_BREAKS = frozenset("""
that which who where whose to by for on with using via based in from through while whereas when
. ; , and
""".split())

# Head words after "a new"/"a novel" that announce a contribution.
CONTRIBUTION_NOUNS = frozenset("""
method approach framework algorithm model architecture network loss benchmark dataset corpus
technique scheme strategy paradigm module mechanism estimator objective suite environment setting
task problem formulation procedure
""".split())

# Modifiers that say which instance, not which technique ("student network", "larger models").
GENERIC_MODIFIERS = frozenset("""
local global tiny large larger small smaller big baseline victim expressive black-box white-box
online offline downstream upstream student teacher pre-trained pretrained trained fine-tuned
finetuned base target optimal arbitrary neural deep deeper shallow predictive generative
probabilistic statistical parametric non-parametric latent full resulting learned learnt
learning-based data-driven model-based based same true real ideal candidate given whole
underlying reference surrogate powerful complex simpler practical realistic modern
well-trained better-trained better worse sound expert human trainable frozen separate
toy chat client server policy output input hidden student teacher victim frequent value
individual additional auxiliary overall corresponding respective joint shared single multiple
sequential parallel classic standard prior existing current popular typical off-the-shelf
machine ml ai computational mathematical theoretical formal unified general-purpose
empirical experimental systematic comprehensive extensive rigorous detailed numerical
quantitative qualitative thorough careful preliminary
dynamic adaptive attack identical wide little necessary conceptual algorithmic
multi-class multiclass two-layer one-hidden-layer overparameterized over-parameterized
""".split())

# Words ending in -ing that are nouns when they modify a head ("learning rate", "ranking model").
NOUN_ING = frozenset("""
learning modeling modelling sampling boosting clustering ranking reasoning scoring embedding
matching tracking rendering computing processing forecasting planning pooling encoding tuning
labeling labelling editing filtering mapping routing gating timing spoofing hashing parsing
tagging captioning answering understanding pruning denoising inpainting deblurring
""".split())

# Task heads too common to trust alone: such phrases need support (title, repetition, proposal).
WEAK_TASK_HEADS = frozenset("""
reasoning understanding alignment optimization transfer selection estimation control analysis
prediction design search discovery modeling modelling inference identification attack attacks
""".split())

# Tasks so broad that a passing mention is not annotated; kept only when the paper dwells on them.
BROAD_TASKS = frozenset("""
classification|regression|clustering|fairness|exploration|supervised learning|unsupervised learning
reinforcement learning|representation learning|optimization|denoising|recommendation|forecasting
navigation|control|calibration|interpretability|explainability|generative modeling|transfer learning
meta-learning|semi-supervised learning|self-supervised learning|online learning|active learning
deep reinforcement learning|locomotion|planning|inpainting|super-resolution|few-shot learning
zero-shot learning|one-shot learning|multi-task learning|continual learning|domain adaptation
""".replace("\n", "|").split("|")) - {""}

# Words before "on X" that make X the data results come from ("accuracy on ImageNet").
EVALUATION_WORDS = frozenset("""
accuracy performance results result experiments experiment evaluation evaluations evaluate
evaluated evaluating tested test testing validated validate validation trained train training
pretrained pre-trained fine-tuned finetuned benchmarked score scores error errors sota
state-of-the-art gains improvements perplexity f1 auc success rates
""".split())

# Modifiers of "learning" that name a learning setting, which the guidelines count as a task.
LEARNING_SETTINGS = frozenset("""
federated supervised self-supervised semi-supervised unsupervised weakly-supervised transductive
inductive continual lifelong incremental class-incremental online offline few-shot zero-shot
one-shot multi-task multitask meta active imitation reinforcement curriculum metric transfer
multi-view multimodal multi-modal multi-instance multiple-instance multi-label multi-agent
decentralized distributed collaborative split representation manifold dictionary
positive-unlabeled noisy-label partial-label open-set open-world cross-domain domain-incremental
task-incremental in-context in-weights preference reward inverse hierarchical goal-conditioned
model-based model-free safe robust adversarial
""".split())

# Class words that follow a name in text ("ImageNet benchmark") but are no part of it.
CLASS_WORDS = DATASET_HEADS | SOFT_METHOD_HEADS | frozenset("""
architecture architectures task tasks problem problems setting settings family families
""".split())

# Verb forms that never open a name: VERBS minus participles ("generalized", "integrated"), which
# can, and minus forms that are also nouns ("design", "study", "release").
LEADING_VERBS = frozenset(v for v in VERBS if not v.endswith("ed")) - frozenset("""
shown given taken learnt built found made led drawn paid sought design designs study studies release
releases bridge bridges focus focuses term terms name names note notes use uses estimate estimates
cast casts beat beats call calls aim aims help helps gain gains offer offers lead leads increase
increases yield yields attract attracts train trains pose poses
""".split()) | frozenset("based gained".split())
