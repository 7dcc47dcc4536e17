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

    fn is_zero(&self) -> bool {
        self.0.iter().all(|&l| l == 0)
    }

    fn cmp(&self, other: &Wide) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

/// A product of a count and decimals, exactly: `±int / 10^scale`.
pub(crate) struct Product {
    negative: bool,
    int: Wide,
    scale: u32,
}

/// `count × factors…`, exactly; at most three factors.
pub(crate) fn product(count: u64, factors: &[Decimal]) -> Product {
    debug_assert!(
        factors.len() <= 3,
        "768 bits hold a count and three decimals"
    );
    let mut p = Product {
        negative: false,
        int: Wide::new(u128::from(count)),
        scale: 0,
    };
    for f in factors {
        p.negative ^= f.is_sign_negative();
        p.int = p.int.times(&Wide::new(f.mantissa().unsigned_abs()));
        p.scale += f.scale();
    }
    p.negative &= !p.int.is_zero();
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
    let x = a.int.times_ten_to(scale - a.scale);
    let y = b.int.times_ten_to(scale - b.scale);
    let magnitude = x.cmp(&y);
    if a.negative {
        magnitude.reverse()
    } else {
        magnitude
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
