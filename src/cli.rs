//! The command-line definition (clap derive types only, no logic).

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;

use crate::cost::Verdict;
use crate::inputs::given::{self, Extras, Given};
use crate::pricing::Tokenizer;
use crate::report::Format;
use crate::tokens::{parse_encoding, GivenFile};
use crate::units::{parse_count, parse_money, parse_non_negative, Rule};

const EXIT_CODES: &str = "\
Exit codes:
  0  success; with --expect (or a scenario's expect) the verdict matched
  1  the report was printed, but the verdict differs from the expected one
  2  usage or input error (a one-line `error:` on stderr, nothing on stdout)

Environment:
  FTVP_PRICING  `:`-separated folders of extra price sheets, loaded before --pricing
  FTVP_TODAY    the date stale-price warnings are judged against (YYYY-MM-DD)
  NO_COLOR      when set, --color auto never colours";

const TOKENS_EXIT_CODES: &str = "\
Exit codes:
  0  success
  2  usage or input error, such as an unreadable file or invalid UTF-8";

const DATASET_EXIT_CODES: &str = "\
Exit codes:
  0  the file has no format errors
  1  the file has format errors (the report is still printed)
  2  usage or input error: the file cannot be read, or holds no example";

/// Does fine-tuning an LLM pay for itself at your traffic, or should you stay
/// with prompt engineering?
#[derive(Debug, Parser)]
#[command(name = "ftvp", version, about, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    /// When to colour the output: auto colours a terminal only, and never when
    /// NO_COLOR is set or TERM is dumb.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute the break-even volume of fine-tuning and the 3×/10× verdict.
    ///
    /// Fine-tuning pays off for a volume N when N × (P_base − P_tuned) > T, where
    /// P is the cost of one request on each path and T the fixed cost of the
    /// tuned path (training + setup, plus hosting, retraining and upkeep over a
    /// horizon). Under 3× the break-even volume: stay with prompts; from 10×:
    /// fine-tune; between: decide on latency and quality.
    #[command(after_help = EXIT_CODES)]
    Breakeven(Box<BreakevenArgs>),
    /// Run the comparison over a log-spaced range of volumes.
    ///
    /// One row per volume with the total cost of every path and the verdict;
    /// the best candidate's break-even, `depends` and `fine-tune` volumes get
    /// rows of their own, marked.
    Sweep(Box<SweepArgs>),
    /// List the loaded models and their prices (USD per 1M tokens).
    Prices(PricesArgs),
    /// Count the tokens of text files with a model's encoding.
    ///
    /// Counts are exact for models whose sheet names their tokenizer
    /// (o200k_base, cl100k_base); for other models they are an o200k_base
    /// estimate, and the output says so.
    #[command(after_help = TOKENS_EXIT_CODES)]
    Tokens(TokensArgs),
    /// Check a chat fine-tuning file (JSONL), count its tokens and price its training.
    ///
    /// Runs the format checks of OpenAI's data-preparation cookbook (extended
    /// to today's format: developer and tool messages, tool calls, content
    /// parts, weights), counts each example as the cookbook does (3 tokens per
    /// message, the tokens of every string value, 1 per name, 3 to prime the
    /// reply), and bills epochs × Σ min(max-example-tokens, tokens per example).
    /// Without --epochs, the cookbook's default rule picks the epochs.
    #[command(after_help = DATASET_EXIT_CODES)]
    Dataset(DatasetArgs),
    /// Measure usage per model and month from the logs you keep.
    ///
    /// Reads OpenAI Usage API pages, response logs (JSON lines of OpenAI chat
    /// completions or Responses, Anthropic Messages, bare or wrapped with a
    /// timestamp), OTLP JSON GenAI spans, LiteLLM spend logs (JSON or CSV) and
    /// the aggregate CSV of a warehouse query, and prints per model and UTC
    /// month: requests, mean and p50/p90 input tokens (uncached + cached +
    /// cache-written), output and reasoning tokens, the cached and batch
    /// shares, and the monthly growth over complete months.
    Usage(UsageArgs),
    /// Print a shell completion script to standard output.
    ///
    /// bash: ftvp completions bash > ~/.local/share/bash-completion/completions/ftvp
    /// zsh: ftvp completions zsh > ~/.zfunc/_ftvp (with ~/.zfunc in fpath)
    /// fish: ftvp completions fish > ~/.config/fish/completions/ftvp.fish
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output, or write one page per
    /// subcommand to a folder.
    ///
    /// ftvp man > ~/.local/share/man/man1/ftvp.1
    /// ftvp man --dir ~/.local/share/man/man1 (ftvp.1, ftvp-breakeven.1, …)
    Man {
        /// Write ftvp.1 and a page per subcommand (ftvp-breakeven.1, …) into
        /// DIR, created if missing, and list the pages written.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour a terminal unless NO_COLOR is set or TERM is dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Options shared by every subcommand that reads prices and prints a report.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Extra folder of price sheets (*.toml); repeatable, later folders win.
    /// Loaded after the embedded sheets and the FTVP_PRICING folders.
    #[arg(long, value_name = "DIR")]
    pub pricing: Vec<PathBuf>,

    /// Output format: table, json, markdown or csv.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = format_parser())]
    pub format: Format,
}

/// The output formats, listed in `--help` and completions.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let names = Format::ALL.map(Format::as_str);
    PossibleValuesParser::new(names).map(|name| name.parse().unwrap_or_default())
}

/// [`CommonArgs`] of `breakeven` and `sweep`, whose reports also have an
/// HTML form.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Extra folder of price sheets (*.toml); repeatable, later folders win.
    /// Loaded after the embedded sheets and the FTVP_PRICING folders.
    #[arg(long, value_name = "DIR")]
    pub pricing: Vec<PathBuf>,

    /// Output format: table, json, markdown, csv or html (one self-contained
    /// report to share; --html FILE writes it beside another format).
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = report_format_parser())]
    pub format: Format,
}

/// The output formats of `breakeven` and `sweep`.
fn report_format_parser() -> impl TypedValueParser<Value = Format> {
    let names = Format::REPORTS.map(Format::as_str);
    PossibleValuesParser::new(names).map(|name| name.parse().unwrap_or_default())
}

/// The inputs of a comparison, shared by `breakeven` and `sweep`.
#[derive(Debug, Args)]
pub struct ComparisonArgs {
    /// Read the inputs from a scenario file (TOML); flags given here override it.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,

    /// Model used with the engineered prompt, as PROVIDER/MODEL (or a MODEL only
    /// one loaded sheet defines). [required unless the scenario has it]
    #[arg(long, value_name = "MODEL")]
    pub base: Option<String>,

    /// Fixed prompt tokens sent with every request on the prompting path
    /// (instructions, few-shot examples). [required, with --input, unless
    /// the other is given: 0 says none]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub base_prompt: Option<u64>,

    /// File holding the engineered prompt; its tokens are counted with the
    /// base model's encoding (instead of --base-prompt).
    #[arg(long, value_name = "PATH", conflicts_with = "base_prompt")]
    pub base_prompt_file: Option<PathBuf>,

    /// Model that gets fine-tuned; repeat for several candidates, ranked by
    /// total cost. [required unless the scenario has it]
    #[arg(long, value_name = "MODEL")]
    pub tuned: Vec<String>,

    /// Fixed prompt tokens still sent to the tuned model (0 for none); give
    /// once for every candidate or once per --tuned, by position. [required,
    /// or --tuned-prompt-file, unless the scenario has it]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub tuned_prompt: Vec<u64>,

    /// File holding the prompt still sent to the tuned model, counted with each
    /// candidate's encoding (instead of --tuned-prompt); once for every
    /// candidate or once per --tuned, by position.
    #[arg(long, value_name = "PATH", conflicts_with = "tuned_prompt")]
    pub tuned_prompt_file: Vec<PathBuf>,

    /// Variable input tokens per request (user message, retrieved context),
    /// the same on both paths. [required unless --base-prompt is given]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub input: Option<u64>,

    /// Output tokens per request (the answer the user sees), on the
    /// prompting path and, unless --tuned-output says otherwise, on the tuned
    /// one. [required]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub output: Option<u64>,

    /// Output tokens per request of the tuned model, where it answers at
    /// another length; once for every candidate or once per --tuned, by
    /// position. [default: --output]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub tuned_output: Vec<u64>,

    /// Hidden reasoning tokens per request of the base model (a reasoning
    /// model's thinking), billed at its output price. [default: 0]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub base_reasoning: Option<u64>,

    /// Hidden reasoning tokens per request of the tuned model, billed at its
    /// output price; once for every candidate or once per --tuned, by
    /// position. [default: 0]
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub tuned_reasoning: Vec<u64>,

    /// One-time training cost in USD, given directly (instead of
    /// --training-tokens).
    #[arg(long, value_name = "USD", value_parser = parse_money, allow_hyphen_values = true)]
    pub training_cost: Option<Decimal>,

    /// Tokens in the training file for one epoch; the cost is tokens × epochs ×
    /// the sheet's training price (instead of --training-cost).
    #[arg(long, value_name = "TOKENS", value_parser = parse_count, allow_hyphen_values = true)]
    pub training_tokens: Option<u64>,

    /// Chat fine-tuning file (JSONL) whose billed tokens, counted with each
    /// candidate's encoding as `ftvp dataset` counts them, give the training
    /// cost (instead of --training-tokens or --training-cost).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["training_tokens", "training_cost"])]
    pub training_file: Option<PathBuf>,

    /// A model's own Hugging Face tokenizer.json (from the model's
    /// repository), for exact counts: PATH applies to the models whose sheet
    /// names `hf:NAME`; NAME=PATH to those naming hf:NAME. Repeatable.
    /// Without it, $XDG_CONFIG_HOME/ftvp/tokenizers/NAME.json is used when
    /// present, else the count is an o200k_base estimate.
    #[arg(long, value_name = "[NAME=]PATH", value_parser = GivenFile::parse)]
    pub tokenizer_file: Vec<GivenFile>,

    /// The training method where a sheet offers several (lora-sft, full-sft,
    /// dpo, …; `ftvp prices --format json` lists them); once for every
    /// candidate or once per --tuned, by position. [default: each
    /// candidate's cheapest supervised method]
    #[arg(long, value_name = "NAME")]
    pub method: Vec<String>,

    /// The day the decision takes effect (YYYY-MM-DD): training starts and the
    /// tuned path begins serving; lifecycle dates and dated prices count
    /// from it. [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<jiff::civil::Date>,

    /// Training epochs, with --training-tokens [default: 3] or --training-file
    /// [default: the cookbook's rule for the file's number of examples].
    #[arg(long, value_name = "N", value_parser = parse_epochs, allow_hyphen_values = true)]
    pub epochs: Option<u32>,

    /// Other one-time cost in USD: data collection, labelling, evaluation
    /// (0 for none). [required unless the scenario has it]
    #[arg(long, value_name = "USD", value_parser = parse_money, allow_hyphen_values = true)]
    pub setup_cost: Option<Decimal>,

    /// Share of requests (0..1) whose fixed prompt is read from the provider's
    /// prompt cache at the cached-input price; a miss is billed at the
    /// cache-write price where the sheet has one. Both paths. [default: 0]
    #[arg(long, value_name = "F", value_parser = parse_rate, allow_hyphen_values = true)]
    pub cache_hit_rate: Option<Decimal>,

    /// Send requests through the batch API: every per-token inference price
    /// is billed at (1 − the sheet's batch_discount); training is not discounted.
    #[arg(long)]
    pub batch: bool,

    /// Share of requests (0..1) sent in the provider's off-peak hours, billed at
    /// the sheet's off_peak discount (DeepSeek); 0 keeps the peak price, the
    /// upper bound. Models without off-peak prices ignore it. [default: 0]
    #[arg(long, value_name = "F", value_parser = parse_rate, allow_hyphen_values = true)]
    pub off_peak_share: Option<Decimal>,

    /// Measured usage (any format `ftvp usage` reads; repeatable): fills the
    /// volume per month, growth, input (less --base-prompt, which it needs),
    /// output and reasoning lengths and the cache hit rate of --usage-model's
    /// logged requests; flags and scenario keys still win, and the report
    /// names each measured value.
    #[arg(long, value_name = "FILE")]
    pub usage: Vec<PathBuf>,

    /// The model whose requests --usage measures, as logged
    /// (`gpt-5.5-2026-04-23`). [default: the only model in the logs]
    #[arg(long, value_name = "MODEL", requires = "usage")]
    pub usage_model: Option<String>,

    /// Retrain the tuned model every MONTHS months over the horizon: ceil(months
    /// / MONTHS) − 1 more trainings at the training cost.
    #[arg(long, value_name = "MONTHS", value_parser = parse_months, allow_hyphen_values = true)]
    pub retrain_every: Option<u32>,

    /// Upkeep of the tuned path in USD per month (evaluation, monitoring,
    /// data refresh), over the horizon. [default: 0]
    #[arg(long, value_name = "USD", value_parser = parse_money, allow_hyphen_values = true)]
    pub maintenance_per_month: Option<Decimal>,

    /// Training examples you have; drives the advisory notes only.
    #[arg(long, value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub examples: Option<u64>,

    /// Few-shot examples in the engineered prompt; drives the advisory notes only.
    #[arg(long, value_name = "N", value_parser = parse_count, allow_hyphen_values = true)]
    pub few_shot: Option<u64>,

    /// Volume multiple of the break-even volume from which the verdict is
    /// `depends`. [default: 3]
    #[arg(long, value_name = "X", value_parser = parse_multiple, allow_hyphen_values = true)]
    pub depends_at: Option<Decimal>,

    /// Volume multiple from which the verdict is `fine-tune`. [default: 10]
    #[arg(long, value_name = "X", value_parser = parse_multiple, allow_hyphen_values = true)]
    pub fine_tune_at: Option<Decimal>,

    /// Share of requests (0..1) the prompting path answers correctly on your
    /// eval set; with --tuned-success and --failure-cost, each failed request
    /// costs the failure cost on its path (all three, or none).
    #[arg(long, value_name = "S", value_parser = parse_success, allow_hyphen_values = true)]
    pub base_success: Option<Decimal>,

    /// Share of requests (0..1) the tuned model answers correctly on your
    /// eval set; once for every candidate or once per --tuned, by position.
    #[arg(long, value_name = "S", value_parser = parse_success, allow_hyphen_values = true)]
    pub tuned_success: Vec<Decimal>,

    /// What one failed request costs in USD (a retry, a human review, a lost
    /// ticket), on either path.
    #[arg(long, value_name = "USD", value_parser = parse_money, allow_hyphen_values = true)]
    pub failure_cost: Option<Decimal>,

    /// Ranges given in place of values, moved here by the command line
    /// (`KEY#POSITION#OF=LOW..BASE..HIGH`); the values hold their BASE.
    #[arg(long, hide = true)]
    pub range: Vec<String>,

    /// Serving candidates on dedicated GPUs. Last: its heading holds for
    /// every argument declared after it, so whoever flattens this struct
    /// gives what follows a heading of its own.
    #[command(flatten, next_help_heading = "Dedicated serving")]
    pub dedicated: DedicatedArgs,
}

impl ComparisonArgs {
    /// What the comparison flags say; absent flags leave the scenario's values.
    pub fn given(&self) -> Given {
        Given {
            volume: None,
            base: given::Base {
                model: self.base.clone(),
                prompt_tokens: self.base_prompt,
                prompt_file: self.base_prompt_file.clone(),
                few_shot: self.few_shot,
                reasoning_tokens: self.base_reasoning,
            },
            tuned: (!self.tuned.is_empty()).then(|| {
                self.tuned
                    .iter()
                    .map(|m| given::Tuned {
                        model: m.clone(),
                        ..Default::default()
                    })
                    .collect()
            }),
            request: given::Request {
                input_tokens: self.input,
                output_tokens: self.output,
                cache_hit_rate: self.cache_hit_rate,
                batch: self.batch.then_some(true),
                off_peak_share: self.off_peak_share,
            },
            training: given::Training {
                tokens: self.training_tokens,
                cost: self.training_cost,
                file: self.training_file.clone(),
                epochs: self.epochs,
                setup_cost: self.setup_cost,
                retrain_every_months: self.retrain_every,
                maintenance_per_month: self.maintenance_per_month,
                examples: self.examples,
                method: None,
            },
            horizon: given::Horizon {
                start: self.start,
                ..Default::default()
            },
            thresholds: given::ThresholdsGiven {
                depends_at: self.depends_at,
                fine_tune_at: self.fine_tune_at,
            },
            expect: given::Expect::default(),
            quality: given::QualityGiven {
                base_success: self.base_success,
                failure_cost: self.failure_cost,
            },
            ranges: Vec::new(),
            usage: given::UsageGiven::default(),
        }
    }

    /// What the comparison flags give per candidate.
    pub fn extras(&self) -> Extras {
        Extras {
            tuned_prompts: self.tuned_prompt.clone(),
            tuned_prompt_files: self.tuned_prompt_file.clone(),
            tuned_outputs: self.tuned_output.clone(),
            tuned_reasonings: self.tuned_reasoning.clone(),
            tuned_methods: self.method.clone(),
            tuned_successes: self.tuned_success.clone(),
            ranges: self.range.iter().filter_map(|r| hoisted_range(r)).collect(),
            serve: self
                .dedicated
                .serve
                .iter()
                .filter_map(|c| c.one())
                .collect(),
            dedicated: self.dedicated.flags(),
            growth_marked_percent: false,
        }
    }
}

/// Dedicated serving: each flag once for every dedicated candidate, or once
/// per dedicated candidate in order.
#[derive(Debug, Args)]
pub struct DedicatedArgs {
    /// How a candidate is served: per-token (at the fine-tuned model's prices)
    /// or dedicated (on GPUs rented by the hour, in replicas that step with the
    /// peak load; needs a horizon); with --tuned-any also both. Once for every
    /// --tuned, or once each by position. [default: per-token]
    #[arg(long, value_name = "MODE", value_parser = parse_serve)]
    pub serve: Vec<ServeChoice>,

    /// The GPU a dedicated candidate runs on, as PROVIDER/GPU from a sheet
    /// (`ftvp prices --gpus` lists them).
    #[arg(long, value_name = "PROVIDER/GPU")]
    pub gpu: Vec<String>,

    /// Or the price of one GPU-hour, for your own hardware.
    #[arg(long, value_name = "USD", value_parser = parse_money, allow_hyphen_values = true)]
    pub gpu_hourly: Vec<Decimal>,

    /// GPUs one replica spans. [default: 1]
    #[arg(long, value_name = "N", value_parser = parse_gpus, allow_hyphen_values = true)]
    pub gpus_per_replica: Vec<u32>,

    /// Requests per second one replica sustains at your latency target for
    /// these request sizes; measure it with a load test of your workload.
    /// [default: a shipped reference measurement where one fits, named in the
    /// report as an estimate]
    #[arg(long, value_name = "R", value_parser = parse_positive_decimal, allow_hyphen_values = true)]
    pub replica_rps: Vec<Decimal>,

    /// Or output tokens per second one replica sustains (requests per second
    /// = this ÷ output tokens per request).
    #[arg(long, value_name = "T", value_parser = parse_positive_decimal, allow_hyphen_values = true)]
    pub replica_output_tps: Vec<Decimal>,

    /// Plan replicas to run at most at this share of their capacity at peak,
    /// 0 < F ≤ 1. [default: 0.8]
    #[arg(long, value_name = "F", value_parser = parse_headroom, allow_hyphen_values = true)]
    pub headroom: Vec<Decimal>,

    /// Peak request rate over the month's average, 1 or more. [default: 2]
    #[arg(long, value_name = "X", value_parser = parse_peak, allow_hyphen_values = true)]
    pub peak_to_average: Vec<Decimal>,

    /// Replicas kept up even with no traffic. [default: 1]
    #[arg(long, value_name = "N", value_parser = parse_replicas, allow_hyphen_values = true)]
    pub min_replicas: Vec<u32>,
}

impl DedicatedArgs {
    fn flags(&self) -> given::DedicatedFlags {
        given::DedicatedFlags {
            gpu: self.gpu.clone(),
            gpu_hourly: self.gpu_hourly.clone(),
            gpus_per_replica: self.gpus_per_replica.clone(),
            replica_rps: self.replica_rps.clone(),
            replica_output_tps: self.replica_output_tps.clone(),
            headroom: self.headroom.clone(),
            peak_to_average: self.peak_to_average.clone(),
            min_replicas: self.min_replicas.clone(),
        }
    }
}

/// `ftvp breakeven`.
#[derive(Debug, Args)]
pub struct BreakevenArgs {
    /// The models, tokens, training and billing of the comparison.
    #[command(flatten)]
    pub comparison: ComparisonArgs,

    /// The traffic and its horizon.
    #[command(flatten, next_help_heading = "Traffic")]
    pub traffic: TrafficArgs,

    /// Print each candidate's month-by-month ledger instead of the comparison
    /// (table, markdown or csv; JSON always has it). Needs a horizon.
    #[arg(long, help_heading = "Output")]
    pub ledger: bool,

    /// Print the hand computation of the answer with the numbers used
    /// (P_base, P_tuned, T, N*, the multiple, the verdict; month by month
    /// over a horizon) for the cheapest candidate, or every one with `all`;
    /// JSON has it as `explain`.
    #[arg(long, value_name = "all", num_args = 0..=1, default_missing_value = "cheapest",
          value_parser = ["cheapest", "all"], help_heading = "Output")]
    pub explain: Option<String>,

    /// For each estimated input, the nearest values below and above at
    /// which the verdict changes, most fragile first (JSON: `sensitivity`).
    #[arg(long, help_heading = "What would change the answer")]
    pub sensitivity: bool,

    /// Draw N sets of inputs from their ranges (LOW..BASE..HIGH, triangular)
    /// and report the share of each verdict and the spread of the net saving.
    #[arg(long, value_name = "N", value_parser = parse_draws, help_heading = "What would change the answer")]
    pub simulate: Option<u32>,

    /// Write the tornado of the ranged inputs (each at its two ends, widest
    /// first) as a standalone SVG file.
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "What would change the answer"
    )]
    pub tornado_svg: Option<PathBuf>,

    /// The seed of --simulate: the same seed gives the same numbers everywhere.
    /// [default: 0]
    #[arg(
        long,
        value_name = "S",
        requires = "simulate",
        help_heading = "What would change the answer"
    )]
    pub seed: Option<u64>,

    /// Exit with code 1 unless the verdict is this one: prompt, depends or
    /// fine-tune (the report is still printed).
    #[arg(long, value_name = "VERDICT", value_parser = parse_verdict, help_heading = "Output")]
    pub expect: Option<Verdict>,

    /// Append a Markdown summary (the verdict, the comparison table, notes
    /// and whether --expect was met) to FILE, created if missing: in GitHub
    /// Actions, --summary "$GITHUB_STEP_SUMMARY". Failing to write it is a
    /// warning; it never changes the exit code.
    #[arg(long, value_name = "FILE", value_parser = clap::builder::OsStringValueParser::new().map(PathBuf::from), help_heading = "Output")]
    pub summary: Option<PathBuf>,

    /// Charts of the decision.
    #[command(flatten, next_help_heading = "Output")]
    pub view: ViewArgs,

    /// Searching the candidates.
    #[command(flatten, next_help_heading = "Searching the candidates")]
    pub search: SearchArgs,

    /// Price sheets and output format.
    #[command(flatten)]
    pub common: ReportArgs,
}

impl BreakevenArgs {
    /// What the flags say.
    pub fn given(&self) -> Given {
        let mut g = self.traffic.given(self.comparison.given());
        g.expect.verdict = self.expect;
        g
    }

    /// What the flags give per candidate, and how the growth was written.
    pub fn extras(&self) -> Extras {
        Extras {
            growth_marked_percent: self.traffic.growth.is_some_and(|p| p.marked),
            ..self.comparison.extras()
        }
    }
}

/// The traffic of a comparison: a volume, or requests per month over a horizon.
#[derive(Debug, Args)]
pub struct TrafficArgs {
    /// Requests over the period you care about (250k, 5M, 1.5B …).
    /// [required unless the scenario has it]
    #[arg(long, value_name = "REQUESTS", value_parser = parse_count, allow_hyphen_values = true)]
    pub volume: Option<u64>,

    /// Requests in the first month of a horizon, instead of --volume; needs
    /// --months.
    #[arg(long, value_name = "REQUESTS", value_parser = parse_count, allow_hyphen_values = true)]
    pub per_month: Option<u64>,

    /// Months in the horizon: with --per-month, the months counted; with
    /// --volume, the months the volume spreads over evenly. Hosting fees,
    /// retraining and upkeep accrue over them.
    #[arg(long, value_name = "MONTHS", value_parser = parse_months, allow_hyphen_values = true)]
    pub months: Option<u32>,

    /// Monthly growth of --per-month in percent: 5 or 5% is 5% a month (may
    /// be negative, not below -100). [default: 0]
    #[arg(long, value_name = "PCT", value_parser = parse_percent, allow_hyphen_values = true)]
    pub growth: Option<Percent>,
}

impl TrafficArgs {
    /// `g` with the traffic flags set.
    fn given(&self, mut g: Given) -> Given {
        g.volume = self.volume;
        g.horizon = given::Horizon {
            start: g.horizon.start,
            per_month: self.per_month,
            months: self.months,
            growth_percent: self.growth.map(|p| p.value),
        };
        g
    }
}

/// `ftvp sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The models, tokens, training and billing of the comparison.
    #[command(flatten)]
    pub comparison: ComparisonArgs,

    /// Smallest volume of the range. [default: 1k]
    #[arg(long, value_name = "REQUESTS", value_parser = parse_count, allow_hyphen_values = true, help_heading = "Range")]
    pub from: Option<u64>,

    /// Largest volume of the range. [default: 100M]
    #[arg(long, value_name = "REQUESTS", value_parser = parse_count, allow_hyphen_values = true, help_heading = "Range")]
    pub to: Option<u64>,

    /// Log-spaced volumes in the range, both ends included (duplicates dropped).
    /// [default: 25]
    #[arg(long, value_name = "K", value_parser = parse_points, allow_hyphen_values = true, help_heading = "Range")]
    pub points: Option<u32>,

    /// Months that hosting fees, retraining and upkeep accrue over: each
    /// volume spreads evenly over them (a scenario's per-month horizon keeps
    /// its months and growth, and the volumes are then per month).
    #[arg(long, value_name = "MONTHS", value_parser = parse_months, allow_hyphen_values = true, help_heading = "Range")]
    pub months: Option<u32>,

    /// Charts of the decision.
    #[command(flatten, next_help_heading = "Output")]
    pub view: ViewArgs,

    /// At your volume: each estimated input's nearest values below and above
    /// at which the verdict changes (JSON: `sensitivity`); the volume's are
    /// marked on the chart and in the SVG.
    #[arg(long, help_heading = "What would change the answer")]
    pub sensitivity: bool,

    /// Price sheets and output format.
    #[command(flatten)]
    pub common: ReportArgs,
}

impl SweepArgs {
    /// What the flags say.
    pub fn given(&self) -> Given {
        let mut g = self.comparison.given();
        g.horizon.months = self.months;
        g
    }

    /// What the flags give per candidate.
    pub fn extras(&self) -> Extras {
        self.comparison.extras()
    }
}

/// Charts.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// Draw total cost against volume in the terminal below the table
    /// (table format only).
    #[arg(long)]
    pub chart: bool,

    /// Write the chart as a standalone SVG file (`breakeven` with ranged
    /// inputs: the tornado below it).
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,

    /// Also write the decision report as one self-contained HTML file
    /// (verdict, comparison, basis, ledger, notes and the command line),
    /// whatever --format prints.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

/// `ftvp prices`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PricesArgs {
    /// `check` or `import`; without one, the price list.
    #[command(subcommand)]
    pub action: Option<PricesCommand>,

    /// Only models (with --gpus, GPUs) whose id contains this text
    /// (case-insensitive).
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,

    /// Only models of this provider (the PROVIDER part of ids; case-insensitive).
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,

    /// Only models with fine-tuning prices.
    #[arg(long)]
    pub fine_tunable: bool,

    /// Also list models that (with their fine-tunes) shut down before the start.
    #[arg(long)]
    pub all: bool,

    /// List the GPUs that providers rent by the hour instead of models.
    #[arg(long, conflicts_with_all = ["fine_tunable", "all"])]
    pub gpus: bool,

    /// The day statuses and prices are given for (YYYY-MM-DD). [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub start: Option<jiff::civil::Date>,

    /// Order the models across providers: released (newest first), input,
    /// output or training (lowest price first); models without the value go
    /// last. [default: by provider, then model]
    #[arg(long, value_name = "KEY", value_enum, conflicts_with = "gpus")]
    pub sort: Option<PriceSortKey>,

    /// Price sheets and output format.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The orders of `ftvp prices --sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PriceSortKey {
    /// Release date, newest first.
    Released,
    /// Input price, lowest first.
    Input,
    /// Output price, lowest first.
    Output,
    /// Training price, lowest first.
    Training,
}

impl PriceSortKey {
    /// The analysis's order.
    pub fn order(self) -> crate::analysis::prices::PriceSort {
        use crate::analysis::prices::PriceSort;
        match self {
            PriceSortKey::Released => PriceSort::Released,
            PriceSortKey::Input => PriceSort::Input,
            PriceSortKey::Output => PriceSort::Output,
            PriceSortKey::Training => PriceSort::Training,
        }
    }
}

/// The subcommands of `ftvp prices`.
#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// List what to look at before trusting the sheets: prices not checked for
    /// more than --stale-after days (180), shutdowns and training cut-offs within --within
    /// days before or after today, and price changes within --within days
    /// ahead. Exits 1 when it lists anything, for CI.
    #[command(after_help = CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// Write price sheets from a price list a user downloaded (nothing is
    /// fetched): `ftvp prices import litellm FILE`.
    Import(ImportArgs),
}

const CHECK_EXIT_CODES: &str = "\
Exit codes:
  0  nothing to look at
  1  the check lists something (the list is printed)
  2  usage or input error";

/// `ftvp prices check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only models whose id contains one of these texts (case-insensitive;
    /// repeatable, a union with --scenario's models).
    #[arg(value_name = "MODEL")]
    pub query: Vec<String>,

    /// Also check exactly the models a scenario file compares (its base
    /// and candidates); with no MODEL, only those.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,

    /// Prices last checked more than this many days ago are findings.
    #[arg(long, value_name = "DAYS", default_value_t = 180, value_parser = parse_days)]
    pub stale_after: i32,

    /// Only models of this provider (case-insensitive).
    #[arg(long, value_name = "PROVIDER")]
    pub provider: Option<String>,

    /// List dates within this many days of today.
    #[arg(long, value_name = "DAYS", default_value_t = 90, value_parser = parse_days)]
    pub within: i32,

    /// Price sheets and output format.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `ftvp prices import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The price list's format.
    #[command(subcommand)]
    pub from: ImportFrom,
}

/// Price lists `ftvp prices import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// LiteLLM's community price map (model_prices_and_context_window.json):
    /// per-token prices become per-1M prices exactly, with cache, long-context
    /// and fine-tuned inference prices and deprecation dates. Sheets are written
    /// as litellm-<provider>.toml in your pricing folder (or --out DIR), where
    /// they load after the shipped sheets.
    Litellm(LitellmArgs),
}

/// `ftvp prices import litellm`.
#[derive(Debug, Args)]
pub struct LitellmArgs {
    /// The downloaded JSON file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the sheets here instead of your pricing folder
    /// ($XDG_CONFIG_HOME/ftvp/pricing, else ~/.config/ftvp/pricing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The day the file's prices were read (each imported model's `checked`).
    /// [default: today, with a warning]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<jiff::civil::Date>,

    /// Write nothing: say what the import would add and change, field by
    /// field.
    #[arg(long)]
    pub dry_run: bool,

    /// Price sheets and output format.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `ftvp tokens`.
#[derive(Debug, Args)]
pub struct TokensArgs {
    /// Count with this model's encoding (PROVIDER/MODEL, a bare MODEL, or a
    /// fine-tuned `ft:MODEL:…` id) and show the share of its context window.
    #[arg(long, value_name = "MODEL", conflicts_with = "encoding")]
    pub model: Option<String>,

    /// Count with this encoding: o200k_base or cl100k_base. [default:
    /// o200k_base]
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<Tokenizer>,

    /// A model's own Hugging Face tokenizer.json (from the model's
    /// repository), for exact counts: PATH applies to the models whose sheet
    /// names `hf:NAME` (and --model's, or with no model, the files); NAME=PATH to those naming hf:NAME. Repeatable.
    /// Without it, $XDG_CONFIG_HOME/ftvp/tokenizers/NAME.json is used when
    /// present, else the count is an o200k_base estimate.
    #[arg(long, value_name = "[NAME=]PATH", value_parser = GivenFile::parse, conflicts_with = "encoding")]
    pub tokenizer_file: Vec<GivenFile>,

    /// Print the tokenizer that counts (--model's, or the one given): its
    /// file and the file's sha256, to check against the model's repository.
    /// No FILE is needed.
    #[arg(long)]
    pub show_tokenizer: bool,

    /// Text files to count; `-` reads standard input.
    #[arg(value_name = "FILE", required_unless_present = "show_tokenizer")]
    pub files: Vec<PathBuf>,

    /// Price sheets and output format.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `ftvp dataset`.
#[derive(Debug, Args)]
pub struct DatasetArgs {
    /// The chat fine-tuning file, one JSON example per line; `-` reads
    /// standard input.
    #[arg(value_name = "FILE.jsonl")]
    pub file: PathBuf,

    /// Price the training of this model only, counted with its own encoding
    /// (default: every fine-tunable model in the loaded sheets, each with its
    /// own encoding). Repeatable; the statistics use the first model's count.
    #[arg(long, value_name = "MODEL", conflicts_with = "encoding")]
    pub model: Vec<String>,

    /// Count with this encoding: o200k_base or cl100k_base. [default:
    /// o200k_base]
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<Tokenizer>,

    /// Training epochs. [default: the cookbook's rule: 3, raised to reach 100
    /// example passes (at most 25), lowered to stay within 25,000 (at least 1)]
    #[arg(long, value_name = "N", value_parser = parse_epochs, allow_hyphen_values = true)]
    pub epochs: Option<u32>,

    /// A model's own Hugging Face tokenizer.json (from the model's
    /// repository), for exact counts: PATH applies to the models whose sheet
    /// names `hf:NAME` (and --model's); NAME=PATH to those naming hf:NAME. Repeatable.
    /// Without it, $XDG_CONFIG_HOME/ftvp/tokenizers/NAME.json is used when
    /// present, else the count is an o200k_base estimate.
    #[arg(long, value_name = "[NAME=]PATH", value_parser = GivenFile::parse, conflicts_with = "encoding")]
    pub tokenizer_file: Vec<GivenFile>,

    /// Tokens per example above which an example is truncated in training
    /// (and billed only up to this).
    #[arg(long, value_name = "N", value_parser = parse_positive, allow_hyphen_values = true,
          default_value_t = crate::dataset::DEFAULT_MAX_EXAMPLE_TOKENS)]
    pub max_example_tokens: u64,

    /// Price sheets and output format.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `ftvp usage`.
#[derive(Debug, Args)]
pub struct UsageArgs {
    /// Usage files, each in any format ftvp reads (found per file); `-`
    /// reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// Only this model, as logged (`gpt-5.5-2026-04-23`).
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,

    /// Read every file as this format instead of finding it.
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub usage_format: Option<crate::usage::Format>,

    /// Write a scenario (TOML) with the measured volume, growth, output and
    /// reasoning lengths filled in, for one model (--model, or the only one);
    /// add the base prompt, the candidates and the tuned prompt.
    #[arg(long, value_name = "FILE")]
    pub scenario_out: Option<PathBuf>,

    /// Output format: table, json, markdown or csv.
    #[arg(long, value_name = "FORMAT", default_value = "table", value_parser = format_parser())]
    pub format: Format,
}

fn parse_epochs(text: &str) -> Result<u32, String> {
    Rule::AtLeastOne.parse_whole(text)
}

fn parse_serve(text: &str) -> Result<ServeChoice, String> {
    match text {
        "per-token" => Ok(ServeChoice::One(given::Serve::PerToken)),
        "dedicated" => Ok(ServeChoice::One(given::Serve::Dedicated)),
        "both" => Ok(ServeChoice::Both),
        _ => Err(format!("`{text}` is not per-token, dedicated or both")),
    }
}

/// A `--serve` value: one mode, or both (for `--tuned-any`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServeChoice {
    /// One serve mode.
    One(given::Serve),
    /// Per token and dedicated: each searched model in both.
    Both,
}

impl ServeChoice {
    fn one(self) -> Option<given::Serve> {
        match self {
            ServeChoice::One(s) => Some(s),
            ServeChoice::Both => None,
        }
    }
}

/// Searching the candidates instead of naming them.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Instead of --tuned: every fine-tunable model (that matches --family,
    /// --provider and --max-params) available at the start, in each --serve
    /// mode, ranked by total cost; the --top cheapest are shown with their
    /// basis. Cost only: candidates differ in quality, which ftvp does not know.
    #[arg(long, conflicts_with = "tuned")]
    pub tuned_any: bool,

    /// Only models of this family, matched exactly (qwen3 is not qwen3.5).
    #[arg(long, value_name = "FAMILY", requires = "tuned_any")]
    pub family: Option<String>,

    /// Only models trained at this provider (case-insensitive).
    #[arg(long, value_name = "PROVIDER", requires = "tuned_any")]
    pub provider: Option<String>,

    /// Only models of at most this many parameters in all (8B, 70B, 1T);
    /// models whose sheet gives no size are left out and counted.
    #[arg(long, value_name = "COUNT", value_parser = parse_params, requires = "tuned_any")]
    pub max_params: Option<u64>,

    /// Candidates shown with their comparison (a model served per token and
    /// dedicated is two). [default: 5]
    #[arg(long, value_name = "N", value_parser = parse_positive, requires = "tuned_any")]
    pub top: Option<u64>,
}

fn parse_params(text: &str) -> Result<u64, String> {
    crate::pricing::search_fields::parse_params(text)
}

impl ComparisonArgs {
    /// `--serve both` only means something with `--tuned-any`.
    pub fn check_serve(&self, tuned_any: bool) -> Result<(), String> {
        let serve = &self.dedicated.serve;
        match (tuned_any, serve.len()) {
            (true, n) if n > 1 => {
                Err("--tuned-any takes one --serve (per-token, dedicated or both)".into())
            }
            (false, _) if serve.contains(&ServeChoice::Both) => Err(
                "--serve both is for --tuned-any; with --tuned give per-token or dedicated".into(),
            ),
            _ => Ok(()),
        }
    }

    /// The serve modes `--tuned-any` tries. [default: per-token]
    pub fn search_modes(&self) -> Vec<given::Serve> {
        match self.dedicated.serve.first() {
            Some(ServeChoice::Both) => vec![given::Serve::PerToken, given::Serve::Dedicated],
            Some(ServeChoice::One(s)) => vec![*s],
            None => vec![given::Serve::PerToken],
        }
    }
}

fn parse_positive_decimal(text: &str) -> Result<Decimal, String> {
    Rule::Positive.parse_decimal(text)
}

fn parse_headroom(text: &str) -> Result<Decimal, String> {
    Rule::Headroom.parse_decimal(text)
}

fn parse_peak(text: &str) -> Result<Decimal, String> {
    Rule::PeakToAverage.parse_decimal(text)
}

fn parse_gpus(text: &str) -> Result<u32, String> {
    u32::try_from(parse_count(text)?).map_err(|_| format!("`{text}` GPUs is too many"))
}

fn parse_replicas(text: &str) -> Result<u32, String> {
    Rule::Replicas.parse_whole(text)
}

fn parse_points(text: &str) -> Result<u32, String> {
    u32::try_from(parse_count(text)?).map_err(|_| format!("`{text}` points is too many"))
}

fn parse_positive(text: &str) -> Result<u64, String> {
    match parse_count(text)? {
        0 => Err("must be at least 1".to_string()),
        n => Ok(n),
    }
}

fn parse_multiple(text: &str) -> Result<Decimal, String> {
    Rule::Multiple.parse_decimal(text)
}

/// A range moved to `--range` by the command line, already checked.
fn hoisted_range(text: &str) -> Option<crate::inputs::ranges::GivenRange> {
    let (head, range) = text.split_once('=')?;
    let mut parts = head.split('#');
    let key = parts.next()?;
    let field = crate::inputs::Field::ALL
        .into_iter()
        .find(|f| f.key() == key)?;
    let position = parts.next()?.parse().ok()?;
    let of = parts.next()?.parse().ok()?;
    let reading = crate::inputs::ranges::reading(field)?;
    let estimate = crate::units::parse_estimate(range, reading).ok()??;
    Some(crate::inputs::ranges::GivenRange {
        field,
        position,
        of,
        estimate,
    })
}

fn parse_draws(text: &str) -> Result<u32, String> {
    let n = parse_count(text)?;
    match n {
        0 => Err("must be at least 1 draw".to_string()),
        n if n > 1_000_000 => Err(format!("{n} draws is more than 1,000,000")),
        n => Ok(n as u32),
    }
}

fn parse_success(text: &str) -> Result<Decimal, String> {
    Rule::Success.parse_decimal(text)
}

fn parse_rate(text: &str) -> Result<Decimal, String> {
    Rule::Share.parse_decimal(text)
}

fn parse_months(text: &str) -> Result<u32, String> {
    Rule::Months.parse_whole(text)
}

/// A percentage as written: its value, and whether it carried a `%` sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percent {
    /// The value in percent.
    pub value: Decimal,
    /// Whether the text ended in `%`.
    pub marked: bool,
}

fn parse_percent(given: &str) -> Result<Percent, String> {
    let text = given.trim();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let marked = digits.ends_with('%');
    let digits = digits.strip_suffix('%').unwrap_or(digits);
    let value = parse_non_negative(digits, Rule::Growth.expected()).map_err(|e| {
        // The message quotes the value as given, `%` and sign included.
        e.replace(&format!("`{digits}`"), &format!("`{given}`"))
    })?;
    Ok(Percent {
        value: Rule::Growth.decimal(value * Decimal::from(sign))?,
        marked,
    })
}

/// The most days `--within` takes: the calendar's span (years -9999 to
/// 9999), beyond which a date can neither be before nor after another.
const MAX_DAYS: u64 = 7_304_484;

fn parse_days(text: &str) -> Result<i32, String> {
    match parse_count(text)? {
        n if n <= MAX_DAYS => Ok(n as i32),
        _ => Err(format!(
            "`{text}` days is more than {MAX_DAYS}, the span of the calendar"
        )),
    }
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a date such as 2026-11-27"))
}

fn parse_verdict(text: &str) -> Result<Verdict, String> {
    Verdict::parse(text).ok_or_else(|| format!("`{text}` is not one of prompt, depends, fine-tune"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
