//! The smallest value at which a monotone condition holds: the one search
//! behind every "first volume at which…" (a dedicated candidate's
//! break-even per month, its replica steps, a sweep's marked volumes).

/// The smallest `v` in `lo..=hi` with `holds(v)`, for a `holds` that stays
/// true once true and is true at `hi`.
pub fn first_in<E>(
    mut lo: u64,
    mut hi: u64,
    holds: impl Fn(u64) -> Result<bool, E>,
) -> Result<u64, E> {
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if holds(mid)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(hi)
}

/// The smallest `v ≥ from` with `holds(v)`, for a `holds` that stays true
/// once true, looked for by doubling; `None` when it is still false past
/// `limit`.
pub fn first_from<E>(
    from: u64,
    limit: u64,
    holds: impl Fn(u64) -> Result<bool, E>,
) -> Result<Option<u64>, E> {
    let (mut lo, mut hi) = (from, from);
    while !holds(hi)? {
        if hi > limit {
            return Ok(None);
        }
        lo = hi + 1;
        hi = hi.saturating_mul(2).max(from + 1);
    }
    first_in(lo, hi, holds).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_true_value_is_found_from_any_start() {
        let at = |t: u64| move |v: u64| Ok::<bool, ()>(v >= t);
        for t in [0, 1, 2, 3, 7, 8, 9, 1000, 1 << 40] {
            assert_eq!(first_from(0, 1 << 50, at(t)), Ok(Some(t)), "{t}");
            assert_eq!(first_from(1, 1 << 50, at(t)), Ok(Some(t.max(1))), "{t}");
            assert_eq!(first_in(0, 1 << 41, at(t)), Ok(t), "{t}");
        }
        // Never true within the limit.
        assert_eq!(first_from(1, 1 << 20, at(1 << 30)), Ok(None));
        // An error on the way is the caller's.
        let fails = |v: u64| if v > 4 { Err("overflow") } else { Ok(false) };
        assert_eq!(first_from(1, 1 << 50, fails), Err("overflow"));
    }
}
