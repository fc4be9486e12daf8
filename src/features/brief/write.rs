//! Writing a pack's files into its folder ([`write_pack`]).

use super::BriefPack;
use crate::base::error::Error;
use std::path::{Path, PathBuf};

/// Writes the pack's files into `dir` (created when missing); returns their paths.
pub fn write_pack(pack: &BriefPack, dir: &Path) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::Input {
        message: format!("cannot create the folder {}: {e}", dir.display()),
    })?;
    let mut paths = Vec::new();
    for (name, bytes) in &pack.files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::Input {
            message: format!("cannot write {}: {e}", path.display()),
        })?;
        paths.push(path);
    }
    Ok(paths)
}
