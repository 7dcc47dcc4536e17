//! Today's local date, found with at most one or two file reads instead of a
//! walk over the time-zone database (which `jiff::Zoned::now()` does to name
//! the system's zone: dozens of directory reads and file opens per run).
//!
//! The zone comes from `TZ` as the C library reads it (a POSIX rule such as
//! `CET-1CEST,M3.5.0,M10.5.0/3`, a zone name such as `Europe/Paris` looked up
//! under `TZDIR` or `/usr/share/zoneinfo`, or `:` and a path to a zone
//! file), else from `/etc/localtime`, else UTC.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The zone file of the system's local time.
const LOCALTIME: &str = "/etc/localtime";
/// Where zone files are found by name unless `TZDIR` says otherwise.
const ZONEINFO: &str = "/usr/share/zoneinfo";
/// Zone files are a few kilobytes; anything larger is not read.
const MAX_ZONE_FILE_BYTES: u64 = 1 << 20;

/// Today's date in the local time zone (UTC where none can be read).
pub fn local_today() -> Date {
    Timestamp::now().to_zoned(local_zone()).date()
}

/// The local time zone: from `TZ`, else `/etc/localtime`, else UTC.
pub fn local_zone() -> TimeZone {
    let tz = std::env::var_os("TZ");
    let dir = std::env::var_os("TZDIR").map_or_else(|| PathBuf::from(ZONEINFO), PathBuf::from);
    zone(tz.as_deref(), &dir, Path::new(LOCALTIME)).unwrap_or(TimeZone::UTC)
}

/// The zone that `tz` (the value of `TZ`) names, with zone names looked up
/// under `dir`, or the one in `localtime` when `tz` is unset.
fn zone(tz: Option<&OsStr>, dir: &Path, localtime: &Path) -> Option<TimeZone> {
    let Some(tz) = tz else {
        return zone_file(localtime);
    };
    let tz = tz.to_str()?;
    if tz.is_empty() {
        return Some(TimeZone::UTC); // as the C library reads an empty TZ
    }
    if let Some(name) = tz.strip_prefix(':') {
        return named(name, dir);
    }
    named(tz, dir).or_else(|| TimeZone::posix(tz).ok())
}

/// The zone of a path, or of a name under `dir` (never outside it).
fn named(name: &str, dir: &Path) -> Option<TimeZone> {
    let path = Path::new(name);
    if path.is_absolute() {
        return zone_file(path);
    }
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        return None;
    }
    zone_file(&dir.join(path))
}

/// The zone in a TZif file: one open and one read.
fn zone_file(path: &Path) -> Option<TimeZone> {
    let file = std::fs::File::open(path).ok()?;
    let mut data = Vec::new();
    file.take(MAX_ZONE_FILE_BYTES).read_to_end(&mut data).ok()?;
    TimeZone::tzif("Local", &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::Offset;

    /// A TZif file (RFC 8536, version 2) for a fixed offset of +9 hours.
    fn tzif_plus_nine() -> Vec<u8> {
        let header = |out: &mut Vec<u8>| {
            out.extend_from_slice(b"TZif2");
            out.extend_from_slice(&[0; 15]);
            // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
            for n in [0u32, 0, 0, 0, 1, 4] {
                out.extend_from_slice(&n.to_be_bytes());
            }
        };
        let types = |out: &mut Vec<u8>| {
            out.extend_from_slice(&32_400i32.to_be_bytes());
            out.extend_from_slice(&[0, 0]); // not DST, name at 0
            out.extend_from_slice(b"JST\0");
        };
        let mut out = Vec::new();
        header(&mut out);
        types(&mut out);
        header(&mut out);
        types(&mut out);
        out.extend_from_slice(b"\nJST-9\n");
        out
    }

    fn offset(tz: &TimeZone) -> Offset {
        tz.to_offset(Timestamp::UNIX_EPOCH)
    }

    fn plus_nine() -> Offset {
        Offset::from_hours(9).unwrap()
    }

    #[test]
    fn a_posix_rule_in_tz_needs_no_file() {
        let none = Path::new("/nonexistent");
        let tz = zone(Some(OsStr::new("JST-9")), none, none).unwrap();
        assert_eq!(offset(&tz), plus_nine());
        let tz = zone(Some(OsStr::new("EST5EDT,M3.2.0,M11.1.0")), none, none).unwrap();
        assert_eq!(offset(&tz), Offset::from_hours(-5).unwrap());
    }

    #[test]
    fn a_zone_name_is_one_file_under_the_zone_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("Asia")).unwrap();
        std::fs::write(dir.path().join("Asia/Test"), tzif_plus_nine()).unwrap();
        let none = Path::new("/nonexistent");
        for tz in ["Asia/Test", ":Asia/Test"] {
            let zone = zone(Some(OsStr::new(tz)), dir.path(), none).unwrap();
            assert_eq!(offset(&zone), plus_nine(), "{tz}");
        }
        assert!(zone(Some(OsStr::new("../Asia/Test")), dir.path(), none).is_none());
        assert!(zone(Some(OsStr::new(":Asia/Nowhere")), dir.path(), none).is_none());
    }

    #[test]
    fn a_path_in_tz_and_the_local_time_file_are_read_as_zone_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("localtime");
        std::fs::write(&file, tzif_plus_nine()).unwrap();
        let tz = format!(":{}", file.display());
        let by_path = zone(Some(OsStr::new(&tz)), dir.path(), Path::new("/nonexistent"));
        assert_eq!(offset(&by_path.unwrap()), plus_nine());
        let local = zone(None, Path::new("/nonexistent"), &file).unwrap();
        assert_eq!(offset(&local), plus_nine());
    }

    #[test]
    fn without_a_readable_zone_it_is_utc() {
        let none = Path::new("/nonexistent");
        assert!(zone(None, none, none).is_none());
        assert_eq!(zone(Some(OsStr::new("")), none, none), Some(TimeZone::UTC));
        let dir = tempfile::tempdir().unwrap();
        let junk = dir.path().join("junk");
        std::fs::write(&junk, b"not a zone file").unwrap();
        assert!(zone(None, none, &junk).is_none());
    }

    #[test]
    fn today_is_within_a_day_of_utc_today() {
        let utc = Timestamp::now().to_zoned(TimeZone::UTC).date();
        let local = local_today();
        let days = (local - utc).get_days().abs();
        assert!(days <= 1, "{local} vs {utc}");
    }
}
