//! Exact comparison of products of decimals. `rust_decimal` keeps 28 or 29
//! significant digits and rounds a product beyond them: at a count near
//! 10^19 and a saving with many digits, `N × Δ` can round onto `T` and hide
//! the one request that decides a break-even. Here a product of a count and
//! decimals is an integer of up to 768 bits over a power of ten, and two are
//! compared without rounding.

use std::cmp::Ordering;

use rust_decimal::Decimal;

/// 64-bit limbs: a count (64 bits) times three decimal mantissas (96 bits
/// each) is 352 bits, and aligning two scales multiplies by at most 10^84
/// (280 bits); 768 bits hold both.
const LIMBS: usize = 12;

/// A non-negative integer, least significant limb first.
#[derive(Clone, Copy)]
struct Wide([u64; LIMBS]);

impl Wide {
    fn new(x: u128) -> Wide {
        let mut limbs = [0; LIMBS];
        limbs[0] = x as u64;
        limbs[1] = (x >> 64) as u64;
        Wide(limbs)
    }

    /// `self × other`; the sizes above keep every product within the limbs.
    fn times(&self, other: &Wide) -> Wide {
        let mut out = [0u64; LIMBS];
        for (i, &x) in self.0.iter().enumerate().filter(|(_, &x)| x != 0) {
            let mut carry = 0u128;
            for j in 0..LIMBS - i {
                let sum = u128::from(out[i + j]) + u128::from(x) * u128::from(other.0[j]) + carry;
                out[i + j] = sum as u64;
                carry = sum >> 64;
            }
        }
        Wide(out)
    }

    fn times_ten_to(&self, power: u32) -> Wide {
        let mut w = *self;
        for _ in 0..power / 19 {
            w = w.times(&Wide::new(10u128.pow(19)));
        }
        w.times(&Wide::new(10u128.pow(power % 19)))
    }

    fn cmp(&self, other: &Wide) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

/// A product of a count and decimals, exactly: `±(count × mantissas…) /
/// 10^scale`, multiplied out only as far as a comparison needs.
pub(crate) struct Product {
    negative: bool,
    count: u64,
    mantissas: [u128; 3],
    factors: usize,
    scale: u32,
}

impl Product {
    /// The integer over `10^(scale + more)`, where it fits in 128 bits (the
    /// usual case: counts and prices of a few digits each).
    fn narrow(&self, more: u32) -> Option<u128> {
        let mut x = u128::from(self.count);
        for &m in &self.mantissas[..self.factors] {
            x = x.checked_mul(m)?;
        }
        x.checked_mul(10u128.checked_pow(more)?)
    }

    /// The integer over `10^(scale + more)`, however large.
    fn wide(&self, more: u32) -> Wide {
        let mut x = Wide::new(u128::from(self.count));
        for &m in &self.mantissas[..self.factors] {
            x = x.times(&Wide::new(m));
        }
        x.times_ten_to(more)
    }
}

/// `count × factors…`, exactly; at most three factors.
pub(crate) fn product(count: u64, factors: &[Decimal]) -> Product {
    debug_assert!(
        factors.len() <= 3,
        "768 bits hold a count and three decimals"
    );
    let mut p = Product {
        negative: false,
        count,
        mantissas: [0; 3],
        factors: factors.len(),
        scale: 0,
    };
    for (m, f) in p.mantissas.iter_mut().zip(factors) {
        p.negative ^= f.is_sign_negative();
        *m = f.mantissa().unsigned_abs();
        p.scale += f.scale();
    }
    let zero = count == 0 || p.mantissas[..p.factors].contains(&0);
    p.negative &= !zero;
    p
}

/// How two exact products compare.
pub(crate) fn compare(a: &Product, b: &Product) -> Ordering {
    match (a.negative, b.negative) {
        (false, true) => return Ordering::Greater,
        (true, false) => return Ordering::Less,
        _ => {}
    }
    let scale = a.scale.max(b.scale);
    let (more_a, more_b) = (scale - a.scale, scale - b.scale);
    let magnitude = match (a.narrow(more_a), b.narrow(more_b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.wide(more_a).cmp(&b.wide(more_b)),
    };
    if a.negative {
        magnitude.reverse()
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    proptest! {
        /// Where both fit in 128 bits, the narrow integers order two
        /// products as the wide ones do.
        #[test]
        fn narrow_and_wide_agree(
            (c1, c2) in (any::<u32>(), any::<u32>()),
            (m1, m2) in (0u64..10_000_000_000, 0u64..10_000_000_000),
            (s1, s2) in (0u32..=12, 0u32..=12),
        ) {
            let a = product(u64::from(c1), &[Decimal::from_i128_with_scale(m1.into(), s1)]);
            let b = product(u64::from(c2), &[Decimal::from_i128_with_scale(m2.into(), s2)]);
            let scale = a.scale.max(b.scale);
            let (x, y) = (a.narrow(scale - a.scale), b.narrow(scale - b.scale));
            prop_assert!(x.is_some() && y.is_some());
            let wide = a.wide(scale - a.scale).cmp(&b.wide(scale - b.scale));
            prop_assert_eq!(x.cmp(&y), wide);
            prop_assert_eq!(compare(&a, &b), wide);
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn products_beyond_28_digits_compare_exactly() {
        // 17,667,584,940,303,030,303 × 0.000000009999999967 is
        // 176,675,848,820.000000000000000001: above 176,675,848,820 by 10^-18,
        // which a decimal rounds away.
        let delta = d("0.000000009999999967");
        let rounded = Decimal::from(17_667_584_940_303_030_303u64) * delta;
        assert_eq!(rounded, d("176675848820"));
        let n = product(17_667_584_940_303_030_303, &[delta]);
        let t = product(1, &[d("176675848820")]);
        assert_eq!(compare(&n, &t), Ordering::Greater);
        let n_minus_1 = product(17_667_584_940_303_030_302, &[delta]);
        assert_eq!(compare(&n_minus_1, &t), Ordering::Less);
    }

    #[test]
    fn signs_scales_and_zeros_compare_as_numbers() {
        let p = |count, factors: &[&str]| {
            product(count, &factors.iter().map(|f| d(f)).collect::<Vec<_>>())
        };
        assert_eq!(compare(&p(3, &["0.5"]), &p(1, &["1.50"])), Ordering::Equal);
        assert_eq!(compare(&p(1, &["-2"]), &p(1, &["1"])), Ordering::Less);
        assert_eq!(compare(&p(1, &["-2"]), &p(1, &["-1"])), Ordering::Less);
        assert_eq!(compare(&p(0, &["-2"]), &p(1, &["0"])), Ordering::Equal);
        assert_eq!(
            compare(&p(2, &["3", "0.25"]), &p(1, &["1.5"])),
            Ordering::Equal
        );
        // The largest operands: no limb overflows.
        let max = Decimal::MAX.to_string();
        let tiny = "0.0000000000000000000000000001";
        let big = p(u64::MAX, &[&max, &max, &max]);
        assert_eq!(compare(&big, &p(1, &[tiny, tiny, tiny])), Ordering::Greater);
        assert_eq!(compare(&p(1, &[tiny, tiny, tiny]), &big), Ordering::Less);
    }
}
