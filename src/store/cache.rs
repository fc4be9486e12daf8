//! Derived data saved beside an on-disk store (`DIR/cache/NAME.bin`), keyed by the store's
//! generation (see `disk`): the projected graph and the name index, which take seconds to minutes to
//! read from a province or national store and milliseconds to load from here.
//!
//! A file is used only when everything in its header matches: the file format, the layout of the
//! cached types as this binary was built (a hash of their source files), the store's generation,
//! and the caller's key (e.g. the weight policy the graph was built with). Anything else — another
//! generation, a damaged or cut-off file, a file of an older build — is a miss, and the caller reads
//! the store as before. Saving is best effort: a file written to a temporary name, then renamed, so
//! that a reader never sees half a file; a store directory that cannot be written to only means no
//! cache. In memory, and for runs with `--data` files, there is no cache.

use super::Store;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

/// The first bytes of every cache file.
const MAGIC: &[u8; 14] = b"innomap-cache\n";
/// The file layout; bump when the header changes.
const FORMAT: u32 = 1;

/// A hash of the sources of every type that is cached, computed when the binary is built: a build
/// whose cached types changed never reads another build's files.
const LAYOUT: u64 = {
    let sources: [&[u8]; 9] = [
        include_bytes!("cache.rs"),
        include_bytes!("../graph/model.rs"),
        include_bytes!("../graph/knowledge_graph.rs"),
        include_bytes!("../graph/weights.rs"),
        include_bytes!("../base/kind.rs"),
        include_bytes!("../base/names.rs"),
        include_bytes!("../projection/mod.rs"),
        include_bytes!("../features/stats.rs"),
        include_bytes!("../../Cargo.lock"),
    ];
    let mut hash = FNV_OFFSET;
    let mut s = 0;
    while s < sources.len() {
        hash = fnv1a(hash, sources[s]);
        s += 1;
    }
    hash
};

pub(super) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, usable in constants.
pub(super) const fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// A short, stable name for a key (for file names).
pub fn key_name(key: &[u8]) -> String {
    format!("{:016x}", fnv1a(FNV_OFFSET, key))
}

#[derive(Debug, serde::Serialize, serde::Deserialize, PartialEq)]
struct Header {
    format: u32,
    layout: u64,
    generation: String,
    key: Vec<u8>,
}

/// The value saved as `name` under the store's current generation and `key`, if there is one.
pub fn load<T: DeserializeOwned>(store: &Store, name: &str, key: &[u8]) -> Option<T> {
    let generation = store.generation()?;
    let path = store.cache_dir()?.join(format!("{name}.bin"));
    let bytes = fs::read(path).ok()?;
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (header, payload) = postcard::take_from_bytes::<Header>(rest).ok()?;
    let wanted = Header {
        format: FORMAT,
        layout: LAYOUT,
        generation,
        key: key.to_vec(),
    };
    if header != wanted {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

/// Saves `value` as `name` under the store's current generation and `key`, and removes files saved
/// under other generations. Best effort: failures leave no cache, never a wrong one.
pub fn save<T: Serialize>(store: &Store, name: &str, key: &[u8], value: &T) {
    let (Some(generation), Some(dir)) = (store.generation(), store.cache_dir()) else {
        return;
    };
    if fs::create_dir_all(&dir).is_err() {
        return;
    }
    remove_other_generations(&dir, &generation);
    let header = Header {
        format: FORMAT,
        layout: LAYOUT,
        generation,
        key: key.to_vec(),
    };
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| -> Option<()> {
        let file = fs::File::create(&temporary).ok()?;
        let mut out = std::io::BufWriter::new(file);
        out.write_all(MAGIC).ok()?;
        postcard::to_io(&header, &mut out).ok()?;
        postcard::to_io(value, &mut out).ok()?;
        out.into_inner().ok()?.sync_all().ok()
    })();
    if written.is_none() || fs::rename(&temporary, dir.join(format!("{name}.bin"))).is_err() {
        let _ = fs::remove_file(&temporary);
    }
}

/// Removes cache files whose header names another generation, and temporary files left by runs that
/// were stopped while saving.
fn remove_other_generations(dir: &Path, generation: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = if name.ends_with(".tmp") {
            let pid = name.rsplit('.').nth(1).unwrap_or("");
            !Path::new("/proc").join(pid).exists()
        } else if name.ends_with(".bin") {
            read_generation(&path).is_none_or(|g| g != generation)
        } else {
            false
        };
        if stale {
            let _ = fs::remove_file(path);
        }
    }
}

/// The generation a cache file was saved under, read from its first bytes.
fn read_generation(path: &Path) -> Option<String> {
    let mut head = vec![0u8; 512];
    let mut file = fs::File::open(path).ok()?;
    let mut filled = 0;
    while filled < head.len() {
        match file.read(&mut head[filled..]).ok()? {
            0 => break,
            n => filled += n,
        }
    }
    let rest = head[..filled].strip_prefix(MAGIC.as_slice())?;
    // The header's key can be longer than what was read: decode the fields before it one by one.
    let (_format, rest) = postcard::take_from_bytes::<u32>(rest).ok()?;
    let (_layout, rest) = postcard::take_from_bytes::<u64>(rest).ok()?;
    let (generation, _) = postcard::take_from_bytes::<String>(rest).ok()?;
    Some(generation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a() {
        // The FNV-1a test vectors.
        assert_eq!(fnv1a(FNV_OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(key_name(b"foobar"), "85944171f73967e8");
    }
}
