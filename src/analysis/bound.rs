//! Where a condition starts to hold between two values, to the digits a
//! report shows: the one search behind the quality thresholds (§16) and the
//! flip values (§15). A bracket's near end does not hold and its far end
//! does; the search assumes one change between them (callers bracket every
//! step boundary first) and says the far side's value.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::cost::monotone::first_in;

/// The most significant digits a reported decimal ever needs.
const MAX_DIGITS: u32 = 28;

/// The value with `digits` significant digits nearest `near` on the far
/// side of the change between `near` (which does not hold) and `far`
/// (which does): it holds, and the value one unit of its last digit
/// nearer `near` does not. With 4 digits where 4 have that property, else
/// the fewest that do (design §20.5). `far` itself when none does.
pub fn decimal<E>(
    near: Decimal,
    far: Decimal,
    holds: impl Fn(Decimal) -> Result<bool, E>,
) -> Result<Decimal, E> {
    decimal_within(near, (far, far), holds)
}

/// [`decimal`] where the value reported may lie beyond `far`, up to
/// `limit`: a change found just past its line (`far`) whose condition goes
/// on holding to where the fewer digits lie (every value reported is still
/// checked to hold, and the one a unit nearer not to).
pub fn decimal_within<E>(
    near: Decimal,
    (far, limit): (Decimal, Decimal),
    holds: impl Fn(Decimal) -> Result<bool, E>,
) -> Result<Decimal, E> {
    let (mut a, mut b) = (near, far);
    for _ in 0..200 {
        let gap = (b - a).abs();
        if gap.is_zero() || gap <= b.abs() * Decimal::new(1, 14) || gap < Decimal::new(1, 24) {
            break;
        }
        let mid = midpoint(a, b);
        if mid == a || mid == b {
            break;
        }
        match holds(mid)? {
            true => b = mid,
            false => a = mid,
        }
    }
    let up = far > near;
    for digits in 4..=MAX_DIGITS {
        // The first value of `digits` significant digits past `a`, or the
        // one after it when the boundary is that value, excluded (`v > x`).
        let first = beyond(a, digits, up);
        for v in [first, beyond(first, digits, up)] {
            let inside = if up { v <= limit } else { v >= limit };
            if !inside {
                break;
            }
            let step = unit(v, digits);
            let nearer = if up { v - step } else { v + step };
            let past_near = if up { nearer <= near } else { nearer >= near };
            if holds(v)? && (past_near || !holds(nearer)?) {
                return Ok(v.normalize());
            }
        }
    }
    Ok(far)
}

/// The first whole number from `near` towards `far` that holds (`far`
/// holds, `near` does not); where the condition is not monotone between
/// them, the search goes on below what it found until the one before holds
/// no more.
pub fn count<E>(near: u64, far: u64, holds: impl Fn(u64) -> Result<bool, E>) -> Result<u64, E> {
    let mut far = far;
    loop {
        let found = first(near, far, &holds)?;
        let before = if far > near { found - 1 } else { found + 1 };
        if before == near || !holds(before)? {
            return Ok(found);
        }
        far = before;
    }
}

fn first<E>(near: u64, far: u64, holds: &impl Fn(u64) -> Result<bool, E>) -> Result<u64, E> {
    match far > near {
        true => first_in(near + 1, far, holds),
        // Downwards: the largest value that holds, as the first of the mirror.
        false => first_in(u64::MAX - (near - 1), u64::MAX - far, |m| holds(u64::MAX - m))
            .map(|m| u64::MAX - m),
    }
}

fn midpoint(a: Decimal, b: Decimal) -> Decimal {
    let half = Decimal::new(5, 1);
    a.checked_add(b).map_or_else(|| a * half + b * half, |s| s * half)
}

/// One unit of the `digits`th significant digit of `v`.
fn unit(v: Decimal, digits: u32) -> Decimal {
    let exponent = magnitude(v) - i64::from(digits) + 1;
    power_of_ten(exponent)
}

/// `⌊log10 |v|⌋` (0 for 0).
fn magnitude(v: Decimal) -> i64 {
    let v = v.abs();
    if v.is_zero() {
        return 0;
    }
    let mut e = 0i64;
    let mut x = v;
    while x >= Decimal::TEN {
        x /= Decimal::TEN;
        e += 1;
    }
    while x < Decimal::ONE {
        x *= Decimal::TEN;
        e -= 1;
    }
    e
}

fn power_of_ten(e: i64) -> Decimal {
    match e {
        e if e >= 0 => Decimal::from(10u64.pow(e.min(19) as u32)),
        e => Decimal::new(1, (-e).min(28) as u32),
    }
}

/// The first value of `digits` significant digits strictly past `v`,
/// upwards (`up`) or downwards.
fn beyond(v: Decimal, digits: u32, up: bool) -> Decimal {
    let step = unit(v, digits);
    let k = (v / step).floor();
    match (up, k.to_i128()) {
        (_, None) => v,
        (true, _) => (k + Decimal::ONE) * step,
        // Below a power of ten the digits are finer: 1.000 → 0.9999.
        (false, _) if k * step == v => match v - step / Decimal::TEN {
            finer if unit(finer, digits) < step => finer,
            _ => (k - Decimal::ONE) * step,
        },
        (false, _) => k * step,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_decimal_boundary_has_four_significant_digits_on_the_far_side() {
        let x = d("0.123456");
        let up = decimal(d("0"), d("1"), |v| Ok::<_, ()>(v >= x)).unwrap();
        assert_eq!(up, d("0.1235"));
        let down = decimal(d("1"), d("0"), |v| Ok::<_, ()>(v < x)).unwrap();
        assert_eq!(down, d("0.1234"));
        // A boundary exactly on a 4-digit value is that value.
        let on = decimal(d("0"), d("1"), |v| Ok::<_, ()>(v >= d("0.93"))).unwrap();
        assert_eq!(on, d("0.93"));
        // A boundary exactly on a 4-digit value that stays on the near side
        // (`v > x`, bisected to just under it) is the next 4-digit value.
        let excluded = decimal(d("0"), d("100"), |v| Ok::<_, ()>(v > d("6.223"))).unwrap();
        assert_eq!(excluded, d("6.224"));
        let excluded = decimal(d("100"), d("0"), |v| Ok::<_, ()>(v < d("6.223"))).unwrap();
        assert_eq!(excluded, d("6.222"));
        // Just under a power of ten, four digits are finer.
        for (x, want) in [("1", "0.9999"), ("10", "9.999"), ("0.1", "0.09999")] {
            let below = decimal(d("100"), d("0"), |v| Ok::<_, ()>(v < d(x))).unwrap();
            assert_eq!(below, d(want), "under {x}");
        }
        // Small values keep four significant digits.
        let small = decimal(d("0"), d("1"), |v| Ok::<_, ()>(v > d("0.000123456"))).unwrap();
        assert_eq!(small, d("0.0001235"));
    }

    #[test]
    fn more_digits_where_four_cannot_say_it() {
        // The other verdict holds only in [0.12341, 0.12342): no 4-digit value.
        let holds = |v: Decimal| Ok::<_, ()>(v >= d("0.12341") && v < d("0.12342"));
        let v = decimal(d("0"), d("0.123415"), holds).unwrap();
        assert_eq!(v, d("0.12341"));
    }

    #[test]
    fn a_count_boundary_is_the_first_whole_number_either_way() {
        assert_eq!(count(10, 1000, |v| Ok::<_, ()>(v >= 457)).unwrap(), 457);
        assert_eq!(count(1000, 0, |v| Ok::<_, ()>(v <= 457)).unwrap(), 457);
        assert_eq!(count(5, 0, |v| Ok::<_, ()>(v == 0)).unwrap(), 0);
    }
}
