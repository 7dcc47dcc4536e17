//! Dedicated capacity: a fine-tuned model served on GPUs rented by the hour.
//! Its cost does not follow the tokens; it steps with the number of
//! replicas the month's peak load needs.
//!
//! A replica sustains `R` requests per second; it is planned to run at most
//! at `headroom` of that at peak, and the peak rate is `peak_to_average`
//! times the month's average over 730 hours (2,628,000 seconds). Month `i`
//! needs the smallest `r ≥ min_replicas` with
//! `r × R × headroom × 2,628,000 ≥ v_i × peak_to_average`, decided by exact
//! products; each replica costs `gpus × per_hour × 730` a month.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::checked::mul;
use super::{CostError, Requests, Usd, HOURS_PER_MONTH};

/// Seconds in a billed month of 730 hours.
pub const SECONDS_PER_MONTH: u32 = 730 * 3600;

/// How a dedicated candidate is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// Price of one GPU-hour.
    pub per_hour: Usd,
    /// GPUs one replica spans.
    pub gpus_per_replica: u32,
    /// Requests per second one replica sustains at the latency target.
    pub replica_rps: Decimal,
    /// Share of that capacity planned for at peak (0 < headroom ≤ 1).
    pub headroom: Decimal,
    /// Peak request rate over the month's average (≥ 1).
    pub peak_to_average: Decimal,
    /// Replicas kept up even without traffic.
    pub min_replicas: u32,
}

/// Requests per second from output tokens per second: `T / output tokens`.
pub fn requests_per_second(
    output_tokens_per_second: Decimal,
    output_tokens: super::Tokens,
) -> Result<Decimal, CostError> {
    if output_tokens == 0 {
        return Err(CostError::NoOutputTokens);
    }
    Ok(output_tokens_per_second / Decimal::from(output_tokens))
}

impl Capacity {
    /// One replica for a month: `gpus × per_hour × 730`.
    pub fn replica_month(&self) -> Result<Usd, CostError> {
        let gpu_hours = Decimal::from(self.gpus_per_replica) * Decimal::from(HOURS_PER_MONTH);
        mul(self.per_hour, gpu_hours, "capacity cost")
    }

    /// What one replica carries in a month, scaled by the peak: the right
    /// side of `r × R × headroom × 2,628,000 ≥ v × peak_to_average`.
    fn per_replica(&self) -> Result<Decimal, CostError> {
        let seconds = Decimal::from(SECONDS_PER_MONTH);
        mul(
            mul(self.replica_rps, self.headroom, "replica capacity")?,
            seconds,
            "replica capacity",
        )
    }

    /// Requests one replica carries in a month: `C = R × headroom × 2,628,000 / peak_to_average`.
    pub fn requests_per_replica(&self) -> Result<Decimal, CostError> {
        Ok(self.per_replica()? / self.peak_to_average)
    }

    /// Replicas a month of `requests` needs.
    pub fn replicas(&self, requests: Requests) -> Result<u32, CostError> {
        let need = mul(Decimal::from(requests), self.peak_to_average, "peak load")?;
        let one = self.per_replica()?;
        if one.is_zero() {
            return Err(CostError::Overflow("replicas for a replica of no capacity"));
        }
        let overflow = CostError::Overflow("replicas");
        let mut r = (need / one).ceil().to_u32().ok_or(overflow.clone())?;
        let carries = |r: u32| mul(Decimal::from(r), one, "replica capacity");
        while r > 0 && carries(r - 1)? >= need {
            r -= 1;
        }
        while carries(r)? < need {
            r = r.checked_add(1).ok_or(overflow.clone())?;
        }
        Ok(r.max(self.min_replicas))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// The contract's worked example: one GPU at $8/h, 12 requests per second,
    /// headroom 0.8, peak-to-average 2, one replica minimum.
    fn example() -> Capacity {
        Capacity {
            per_hour: d("8"),
            gpus_per_replica: 1,
            replica_rps: d("12"),
            headroom: d("0.8"),
            peak_to_average: d("2"),
            min_replicas: 1,
        }
    }

    #[test]
    fn one_replica_costs_5840_a_month_and_carries_12_614_400_requests() {
        let c = example();
        assert_eq!(c.replica_month().unwrap(), d("5840"));
        // 12 × 0.8 × 2,628,000 / 2
        assert_eq!(c.requests_per_replica().unwrap(), d("12614400"));
        assert_eq!(c.replicas(12_614_400).unwrap(), 1);
        assert_eq!(c.replicas(12_614_401).unwrap(), 2);
        assert_eq!(c.replicas(25_228_800).unwrap(), 2);
        assert_eq!(c.replicas(25_228_801).unwrap(), 3);
    }

    #[test]
    fn replicas_never_go_below_the_minimum() {
        let c = Capacity {
            min_replicas: 3,
            ..example()
        };
        assert_eq!(c.replicas(0).unwrap(), 3);
        assert_eq!(c.replicas(12_614_401).unwrap(), 3);
        let scale_to_zero = Capacity {
            min_replicas: 0,
            ..example()
        };
        assert_eq!(scale_to_zero.replicas(0).unwrap(), 0);
        assert_eq!(scale_to_zero.replicas(1).unwrap(), 1);
    }

    #[test]
    fn a_capacity_that_is_not_round_is_decided_by_exact_products() {
        // 7 × 0.75 × 2,628,000 / 1.5 = 9,198,000 requests a replica.
        let c = Capacity {
            replica_rps: d("7"),
            headroom: d("0.75"),
            peak_to_average: d("1.5"),
            ..example()
        };
        assert_eq!(c.requests_per_replica().unwrap(), d("9198000"));
        assert_eq!(c.replicas(9_198_000).unwrap(), 1);
        assert_eq!(c.replicas(9_198_001).unwrap(), 2);
        assert_eq!(c.replicas(9_198_000_000).unwrap(), 1000);
        // Two trillion replicas do not fit a count: an error, not a panic.
        assert!(c.replicas(u64::MAX).is_err());
    }
}
