//! How each candidate is served: at per-token prices, or on dedicated GPUs
//! with a GPU price, a throughput (given, or a shipped reference measurement
//! of the nearest request shape) and the replica planning of design §10.

use rust_decimal::Decimal;

use super::error::{DedicatedNeed, Field, InputError, Problem};
use super::given::{DedicatedFlags, Extras, Serve, Tuned};
use super::pairing::Pairing;
use crate::cost::{Tokens, Usd};
use crate::pricing::serving::{nearest_shipped, Reference};
use crate::pricing::{Catalog, Model};

/// How a candidate is served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Serving {
    /// At the fine-tuned model's per-token prices.
    PerToken,
    /// On dedicated GPUs.
    Dedicated(Box<Dedicated>),
}

/// A candidate served on dedicated GPUs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dedicated {
    /// `PROVIDER/GPU` from a sheet, or `None` for an hourly price given directly.
    pub gpu: Option<String>,
    /// The sheet's GPU entry the price was read from (its origin and
    /// `checked` date); `None` for an hourly price given directly.
    pub listed: Option<crate::pricing::Gpu>,
    /// Price of one GPU-hour.
    pub per_hour: Usd,
    /// GPUs one replica spans.
    pub gpus_per_replica: u32,
    /// What one replica sustains.
    pub throughput: Throughput,
    /// Share of the capacity planned for at peak.
    pub headroom: Decimal,
    /// Peak request rate over the month's average.
    pub peak_to_average: Decimal,
    /// Replicas kept up even without traffic.
    pub min_replicas: u32,
}

/// What one replica sustains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Throughput {
    /// Requests per second, given.
    Rps(Decimal),
    /// Output tokens per second, given.
    OutputTps(Decimal),
    /// Output tokens per second of a shipped measurement: an estimate.
    Reference(Reference),
}

/// Default share of capacity planned for at peak.
pub const DEFAULT_HEADROOM: Decimal = Decimal::from_parts(8, 0, 0, false, 1);
/// Default peak request rate over the average.
pub const DEFAULT_PEAK_TO_AVERAGE: Decimal = Decimal::TWO;

/// One dedicated option: the flags' value for the `j`-th dedicated
/// candidate (once for all, or by position), else the candidate's own.
fn option<T: Clone>(
    flags: &[T],
    own: &Option<T>,
    field: Field,
    j: usize,
    dedicated: usize,
) -> Result<Option<T>, InputError> {
    Ok(match Pairing::of(field, flags.len(), dedicated)?.index(j) {
        Some(k) => Some(flags[k].clone()),
        None => own.clone(),
    })
}

/// The shape a throughput is measured at: tokens in and out of one request.
pub struct Shape {
    /// The tuned prompt plus the variable input.
    pub input: Tokens,
    /// The output.
    pub output: Tokens,
}

/// Each candidate's serving, in order.
pub fn servings(
    f: &Extras,
    tuned: &[Tuned],
    models: &[Model],
    shapes: &[Shape],
    catalog: &Catalog,
) -> Result<Vec<Serving>, InputError> {
    let n = tuned.len();
    let serve = Pairing::of(Field::Serve, f.serve.len(), n)?;
    let modes: Vec<Serve> = (0..n)
        .map(|i| {
            serve
                .index(i)
                .map_or(tuned[i].serve.unwrap_or_default(), |k| f.serve[k])
        })
        .collect();
    let dedicated = modes.iter().filter(|&&m| m == Serve::Dedicated).count();
    let mut out = Vec::with_capacity(n);
    let mut j = 0;
    for (i, mode) in modes.into_iter().enumerate() {
        out.push(match mode {
            Serve::PerToken => Serving::PerToken,
            Serve::Dedicated => {
                let cx = DedicatedCx {
                    flags: &f.dedicated,
                    own: &tuned[i],
                    model: &models[i],
                    shape: &shapes[i],
                    catalog,
                    j,
                    of: dedicated,
                };
                j += 1;
                Serving::Dedicated(Box::new(cx.resolve()?))
            }
        });
    }
    Ok(out)
}

/// What resolving one dedicated candidate reads.
struct DedicatedCx<'a> {
    flags: &'a DedicatedFlags,
    own: &'a Tuned,
    model: &'a Model,
    shape: &'a Shape,
    catalog: &'a Catalog,
    /// Its position among the dedicated candidates, and how many there are.
    j: usize,
    of: usize,
}

impl DedicatedCx<'_> {
    fn get<T: Clone>(
        &self,
        flags: &[T],
        own: &Option<T>,
        field: Field,
    ) -> Result<Option<T>, InputError> {
        option(flags, own, field, self.j, self.of)
    }

    fn need(&self, missing: DedicatedNeed) -> InputError {
        Problem::Dedicated {
            model: self.model.id.clone(),
            missing,
        }
        .into()
    }

    fn resolve(&self) -> Result<Dedicated, InputError> {
        let (f, t) = (self.flags, self.own);
        let gpu = self.get(&f.gpu, &t.gpu, Field::Gpu)?;
        let hourly = self.get(&f.gpu_hourly, &t.gpu_hourly, Field::GpuHourly)?;
        let per_hour = match (&gpu, hourly) {
            (Some(_), Some(_)) => return Err(Problem::Both(Field::Gpu, Field::GpuHourly).into()),
            (None, None) => return Err(self.need(DedicatedNeed::Gpu)),
            (Some(id), None) => self.catalog.gpu(id).map_err(Problem::Gpu)?.per_hour,
            (None, Some(h)) => h,
        };
        let listed = gpu
            .map(|id| self.catalog.gpu(&id).cloned())
            .transpose()
            .map_err(Problem::Gpu)?;
        let gpu = listed.as_ref().map(|g| g.id.clone());
        let gpus_per_replica = self.get(
            &f.gpus_per_replica,
            &t.gpus_per_replica,
            Field::GpusPerReplica,
        )?;
        let gpus_per_replica = gpus_per_replica.unwrap_or(1);
        Ok(Dedicated {
            throughput: self.throughput(gpu.as_deref(), gpus_per_replica)?,
            gpu,
            listed,
            per_hour,
            gpus_per_replica,
            headroom: self
                .get(&f.headroom, &t.headroom, Field::Headroom)?
                .unwrap_or(DEFAULT_HEADROOM),
            peak_to_average: self
                .get(&f.peak_to_average, &t.peak_to_average, Field::PeakToAverage)?
                .unwrap_or(DEFAULT_PEAK_TO_AVERAGE),
            min_replicas: self
                .get(&f.min_replicas, &t.min_replicas, Field::MinReplicas)?
                .unwrap_or(1),
        })
    }

    /// A given throughput, else the shipped measurement of the model's class
    /// on this GPU whose shape is nearest the request's.
    fn throughput(&self, gpu: Option<&str>, gpus: u32) -> Result<Throughput, InputError> {
        let (f, t) = (self.flags, self.own);
        let rps = self.get(&f.replica_rps, &t.replica_rps, Field::ReplicaRps)?;
        let tps = self.get(
            &f.replica_output_tps,
            &t.replica_output_tps,
            Field::ReplicaOutputTps,
        )?;
        match (rps, tps) {
            (Some(_), Some(_)) => {
                Err(Problem::Both(Field::ReplicaRps, Field::ReplicaOutputTps).into())
            }
            (Some(r), None) => Ok(Throughput::Rps(r)),
            (None, Some(t)) => Ok(Throughput::OutputTps(t)),
            (None, None) => self.reference(gpu, gpus),
        }
    }

    fn reference(&self, gpu: Option<&str>, gpus: u32) -> Result<Throughput, InputError> {
        let class = self.model.serving_class();
        let looked_for = match (class, gpu) {
            (_, None) => "a GPU given by its hourly price".to_string(),
            (None, Some(g)) => format!(
                "{} (its sheet names no serving_class) on {g}",
                self.model.id
            ),
            (Some(c), Some(g)) => format!("{c} on {gpus} × {g}"),
        };
        let (Some(class), Some(gpu)) = (class, gpu) else {
            return Err(self.need(DedicatedNeed::Throughput { looked_for }));
        };
        let (i, o) = (self.shape.input, self.shape.output);
        match nearest_shipped(class, gpu, gpus, i, o) {
            Some(r) => Ok(Throughput::Reference(r.clone())),
            None => Err(self.need(DedicatedNeed::Throughput { looked_for })),
        }
    }
}
