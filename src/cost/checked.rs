//! Checked arithmetic on amounts: an overflow is an error naming the amount,
//! never a panic or a silent rounding.

use rust_decimal::Decimal;

use super::CostError;

/// `a × b`, or an overflow error naming `what`.
pub(crate) fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, CostError> {
    a.checked_mul(b).ok_or(CostError::Overflow(what))
}

/// `a + b`, or an overflow error naming `what`.
pub(crate) fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal, CostError> {
    a.checked_add(b).ok_or(CostError::Overflow(what))
}
