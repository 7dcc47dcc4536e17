//! GPU prices: what a provider charges per GPU-hour for dedicated capacity,
//! listed at provider level in a sheet as `[gpus."h100-80gb"] per_hour = …`.

use std::sync::Arc;

use jiff::civil::Date;

use super::SheetInfo;
use crate::cost::Usd;

/// One GPU a provider rents by the hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gpu {
    /// `PROVIDER/GPU`, e.g. `fireworks/h100-80gb`.
    pub id: String,
    /// The GPU's name within its provider, e.g. `h100-80gb`; what reference
    /// throughput rows match on.
    pub name: String,
    /// Price per GPU-hour, in the sheet's currency.
    pub per_hour: Usd,
    /// A few words on the offer (form factor, instance, billing).
    pub description: Option<String>,
    /// The sheet that listed it.
    pub sheet: Arc<SheetInfo>,
    pub(crate) source: Option<String>,
    pub(crate) checked: Option<Date>,
}

impl Gpu {
    /// Where the price was read: the GPU's own `source`, else the sheet's.
    pub fn source(&self) -> &str {
        self.source.as_deref().unwrap_or(&self.sheet.source)
    }

    /// When the price was last checked: the GPU's own `checked`, else the sheet's `as_of`.
    pub fn checked(&self) -> Date {
        self.checked.unwrap_or(self.sheet.as_of)
    }
}

/// The GPU name of `id`: the part after `PROVIDER/`, or `id` itself.
pub fn gpu_name(id: &str) -> &str {
    id.split_once('/').map_or(id, |(_, name)| name)
}
