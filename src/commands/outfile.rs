//! Files a command writes besides standard output (`--svg FILE`). Opening
//! one checks its path before any work, so a bad path fails early; the
//! policy itself (links refused, FIFOs and devices written in place, regular
//! files replaced atomically) is [`crate::files::Output`]'s, shared by every
//! file ftvp writes.

use std::path::Path;

use crate::files::Output;
use anyhow::{anyhow, Result};

/// A file to be written when the work is done.
pub struct OutFile(Output);

impl OutFile {
    /// Checks that `path` can be written; `flag` names it in errors.
    pub fn open(path: &Path, flag: &str) -> Result<OutFile> {
        Output::open(path, flag)
            .map(OutFile)
            .map_err(|e| anyhow!(e))
    }

    /// Writes `bytes` and, for a regular file, moves it into place.
    pub fn write(self, bytes: &[u8]) -> Result<()> {
        self.0.write(bytes).map_err(|e| anyhow!(e))
    }
}
