//! What `ktpocr scan` reads: the files named and the image files of the folders named (their
//! sub-folders too with `--recursive`, otherwise named in a warning), each checked before a
//! byte of it is read.

use ktp_ocr::input::{FILE_TOO_LARGE, MAX_FILE_BYTES};
use ktp_ocr::Error;
use std::io::Read;
use std::path::{Path, PathBuf};

/// File extensions read from a folder (any case); a file named on the command line is read
/// whatever its name.
pub const EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "pdf"];

/// One file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    /// Its name under `--out`: the path below the folder it was found in, or the file name
    /// of a file named on the command line.
    pub name: PathBuf,
}

/// The inputs, and the sub-folders left out (without `--recursive`).
#[derive(Debug, Default)]
pub struct Expanded {
    pub inputs: Vec<Input>,
    pub skipped_folders: Vec<PathBuf>,
}

fn has_image_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Expand folders into their image files, sorted by name; with `recursive`, sub-folders
/// too (symbolic links to folders are not followed, so a loop cannot be walked).
pub fn expand(paths: &[PathBuf], recursive: bool) -> std::io::Result<Expanded> {
    let mut out = Expanded::default();
    for p in paths {
        if !p.is_dir() {
            let name = p.file_name().map_or_else(|| p.clone(), PathBuf::from);
            out.inputs.push(Input {
                path: p.clone(),
                name,
            });
            continue;
        }
        let depth = if recursive { usize::MAX } else { 1 };
        let walk = walkdir::WalkDir::new(p)
            .min_depth(1)
            .max_depth(depth)
            .sort_by_file_name();
        for entry in walk {
            let entry = entry.map_err(std::io::Error::other)?;
            let path = entry.path();
            // `file_type` does not follow links; `is_dir` does.
            if entry.file_type().is_dir() || path.is_dir() {
                if !recursive || entry.path_is_symlink() {
                    out.skipped_folders.push(path.to_path_buf());
                }
                continue;
            }
            if has_image_extension(path) {
                let name = path.strip_prefix(p).unwrap_or(path).to_path_buf();
                out.inputs.push(Input {
                    path: path.to_path_buf(),
                    name,
                });
            }
        }
    }
    Ok(out)
}

/// What kind of thing that is not a regular file a path names, for a message.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// The library's wording (the Tencent form answers `LimitExceeded.TooLargeFileError` for
/// it), with the file named.
fn too_large(path: &Path, len: u64) -> Error {
    Error::InvalidArgument(format!(
        "{FILE_TOO_LARGE}: {len} bytes; the limit is {MAX_FILE_BYTES} bytes ({})",
        path.display()
    ))
}

/// The bytes of `path`, checked first: a regular file (a FIFO would block the read, a device
/// never end) of at most [`MAX_FILE_BYTES`] (a larger file is refused from its size, never
/// read into memory). A file that grows while read is cut off past the limit and refused.
pub fn read_checked(path: &Path) -> Result<Vec<u8>, Error> {
    let cannot =
        |e: std::io::Error| Error::InvalidArgument(format!("cannot read {}: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(Error::InvalidArgument(format!(
            "{} is {}: give an image or PDF file",
            path.display(),
            kind_of(&meta)
        )));
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_large(path, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ktpocr-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn folders_give_their_images_sorted_and_name_their_sub_folders() {
        let d = temp_dir("expand");
        for f in [
            "b.JPG",
            "a.png",
            "notes.txt",
            "sub/c.pdf",
            "sub/deeper/d.jpeg",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, b"x").unwrap();
        }
        let flat = expand(std::slice::from_ref(&d), false).unwrap();
        let names: Vec<_> = flat.inputs.iter().map(|i| i.name.clone()).collect();
        assert_eq!(names, [PathBuf::from("a.png"), PathBuf::from("b.JPG")]);
        assert_eq!(flat.skipped_folders, [d.join("sub")]);

        let deep = expand(std::slice::from_ref(&d), true).unwrap();
        let names: Vec<_> = deep.inputs.iter().map(|i| i.name.clone()).collect();
        assert_eq!(
            names,
            [
                PathBuf::from("a.png"),
                PathBuf::from("b.JPG"),
                PathBuf::from("sub/c.pdf"),
                PathBuf::from("sub/deeper/d.jpeg")
            ]
        );
        assert!(deep.skipped_folders.is_empty());

        // A file named on the command line is read whatever its extension.
        let named = expand(&[d.join("notes.txt")], false).unwrap();
        assert_eq!(named.inputs[0].name, PathBuf::from("notes.txt"));
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let d = temp_dir("checked");
        let small = d.join("ok.jpg");
        std::fs::write(&small, b"abc").unwrap();
        assert_eq!(read_checked(&small).unwrap(), b"abc");

        // A sparse file: its size is refused without reading (or writing) 2.5 GB.
        let huge = d.join("huge.jpg");
        std::fs::File::create(&huge)
            .unwrap()
            .set_len(2_500_000_000)
            .unwrap();
        let e = read_checked(&huge).unwrap_err().to_string();
        assert!(e.contains("5 MB") && e.contains("2500000000"), "{e}");

        let exactly = d.join("limit.jpg");
        std::fs::File::create(&exactly)
            .unwrap()
            .set_len(MAX_FILE_BYTES as u64)
            .unwrap();
        assert_eq!(read_checked(&exactly).unwrap().len(), MAX_FILE_BYTES);

        let e = read_checked(&d).unwrap_err().to_string();
        assert!(e.contains("is a folder"), "{e}");
        let e = read_checked(&d.join("missing.jpg"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot read"), "{e}");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_an_image_is_refused_without_blocking() {
        let d = temp_dir("fifo");
        let fifo = d.join("card.jpg");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available here");
            return;
        }
        let e = read_checked(&fifo).unwrap_err().to_string();
        assert!(e.contains("named pipe"), "{e}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
