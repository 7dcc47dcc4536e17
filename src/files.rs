//! Opening the files a user names: `-` for standard input, errors that name
//! the file, and size caps so that no input can grow memory without bound.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest TOML file (scenario or price sheet) read whole.
pub const MAX_TOML_BYTES: u64 = 16 << 20;

/// A file opened for reading, or standard input.
pub struct Input {
    /// The name to show: the path as given, or `<stdin>`.
    pub name: String,
    /// Its size, when it is a regular file.
    pub size: Option<u64>,
    /// The bytes.
    pub reader: Box<dyn Read + Send>,
}

/// Opens `path` (`-` is standard input). A missing file, a folder and an
/// unreadable file are errors naming the path.
pub fn open(path: &Path) -> Result<Input, String> {
    if path.as_os_str() == "-" {
        return Ok(Input {
            name: "<stdin>".into(),
            size: None,
            reader: Box::new(std::io::stdin()),
        });
    }
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if meta.is_dir() {
        return Err(format!("cannot read {name}: it is a folder, not a file"));
    }
    let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    Ok(Input {
        name,
        size: meta.is_file().then_some(meta.len()),
        reader: Box::new(file),
    })
}

/// Reads a whole text file of at most `cap` bytes; `what` names it in errors
/// (`scenario s.toml`). A larger file is refused before it is read, and a
/// device or pipe that keeps going is cut off at the cap.
pub fn read_capped(path: &Path, cap: u64, what: &str) -> Result<String, String> {
    let input =
        open(path).map_err(|e| e.replace("cannot read ", &format!("cannot read {what} ")))?;
    let too_large = || {
        format!(
            "{what} {} is larger than {} MiB, the most ftvp reads",
            input.name,
            cap >> 20
        )
    };
    if input.size.is_some_and(|s| s > cap) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    input
        .reader
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {what} {}: {e}", input.name))?;
    if bytes.len() as u64 > cap {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{what} {}: invalid UTF-8 at byte offset {}",
            input.name,
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_that_never_ends_is_cut_off_at_the_cap() {
        let e = read_capped(Path::new("/dev/zero"), 1 << 20, "scenario").unwrap_err();
        assert_eq!(
            e,
            "scenario /dev/zero is larger than 1 MiB, the most ftvp reads"
        );
    }

    #[test]
    fn missing_files_and_folders_are_named() {
        let e = read_capped(Path::new("no/such.toml"), 10, "scenario").unwrap_err();
        assert!(e.starts_with("cannot read scenario no/such.toml"), "{e}");
        let e = read_capped(Path::new("src"), 10, "scenario").unwrap_err();
        assert!(e.contains("it is a folder"), "{e}");
    }
}
