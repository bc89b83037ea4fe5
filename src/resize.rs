//! Resized copies of large article images, so a phone does not download a photo made
//! for print. With `[images] widths` in site.toml, each JPEG or PNG of an article wider
//! than a listed width gets a copy that wide, published beside it (`photo.480w.jpg`),
//! and pages offer the copies in `srcset`. Decoding is bounded twice: the size read
//! from the header is checked first (`assets::MAX_SIDE`), then the decoder runs under
//! the `image` crate's limits. Copies are made once and kept in `.byline-cache/images/`
//! at the site's root, named by a hash of the original's bytes and of how copies are
//! made, so a rebuild reads them instead of decoding again; output stays the same bytes.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufReader, Cursor};
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::assets::{Size, MAX_SIDE};
use crate::config::ImagePolicy;
use crate::site_fs;

/// Where copies are kept, inside the site's folder.
pub const CACHE_DIR: &str = ".byline-cache/images";

/// Changes whenever copies would come out differently, so old ones are not reused.
const RECIPE: &[u8] = b"byline resize 1: CatmullRom, JPEG quality 80, PNG default\n";
const JPEG_QUALITY: u8 = 80;
/// The most memory one decoded image may take: 64 million pixels of RGBA.
const MAX_ALLOC: u64 = 256 << 20;

/// Whether copies are made of a file with this name: JPEG and PNG.
pub fn resizable(name: &str) -> bool {
    format(name).is_some()
}

fn format(name: &str) -> Option<ImageFormat> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "png" => Some(ImageFormat::Png),
        _ => None,
    }
}

/// The widths of the copies an image of `size` gets: the listed ones narrower than it.
pub fn widths(size: Size, policy: &ImagePolicy) -> Vec<u32> {
    policy
        .widths
        .iter()
        .copied()
        .filter(|&w| w < size.width)
        .collect()
}

/// `photo.jpg` → `photo.480w.jpg`; `img/map.png` → `img/map.960w.png`.
pub fn copy_name(name: &str, width: u32) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{width}w.{ext}"),
        None => format!("{name}.{width}w"),
    }
}

/// The `srcset` of the image `name` (of `size` pixels), whose URL and its copies'
/// `url` makes from their names: each copy, then the original; `None` when it gets none.
pub fn srcset(
    url: &dyn Fn(&str) -> String,
    name: &str,
    size: Size,
    policy: &ImagePolicy,
) -> Option<String> {
    if !resizable(name) {
        return None;
    }
    let widths = widths(size, policy);
    if widths.is_empty() {
        return None;
    }
    let mut set: Vec<String> = widths
        .iter()
        .map(|&w| format!("{} {w}w", url(&copy_name(name, w))))
        .collect();
    set.push(format!("{} {}w", url(name), size.width));
    Some(set.join(", "))
}

/// Hands each copy of the image at `source` (of `size`, named `name`) to `write` with
/// its width, from the cache under `root` or made and cached, and the name of each in
/// the cache to `used`; the error says why copies cannot be made.
pub fn copies(
    root: &Path,
    source: &Path,
    name: &str,
    widths: &[u32],
    write: &mut dyn FnMut(u32, &[u8]) -> io::Result<()>,
    used: &mut dyn FnMut(String),
) -> Result<(), String> {
    let Some(format) = format(name) else {
        return Ok(());
    };
    let key = hash(source).map_err(|e| format!("it cannot be read ({e})"))?;
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let mut decoded: Option<DynamicImage> = None;
    for &w in widths {
        let cached = format!("{key}-{w}.{ext}");
        let at = root.join(CACHE_DIR).join(&cached);
        used(cached);
        if let Ok(bytes) = fs::read(&at) {
            write(w, &bytes).map_err(|e| e.to_string())?;
            continue;
        }
        if decoded.is_none() {
            decoded = Some(decode(source, format)?);
        }
        let image = decoded.as_ref().expect("decoded above");
        let bytes = encode(image, w, format)?;
        keep(root, &at, &bytes);
        write(w, &bytes).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Removes the copies in the cache under `root` that are not in `used`: what byline
/// made (a hash, a width and an image's extension), never a file of anyone else's,
/// nor anything through a link.
pub fn prune(root: &Path, used: &HashSet<String>) {
    if site_fs::writable(root, CACHE_DIR).is_err() {
        return;
    }
    let Ok(entries) = fs::read_dir(root.join(CACHE_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let a_file = entry.file_type().is_ok_and(|t| t.is_file());
        if a_file && is_copy(name) && !used.contains(name) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `name` is a copy's name in the cache: `copies` names them so.
fn is_copy(name: &str) -> bool {
    let Some((key, rest)) = name.split_once('-') else {
        return false;
    };
    let Some((width, ext)) = rest.split_once('.') else {
        return false;
    };
    key.len() == 32
        && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && !width.is_empty()
        && width.bytes().all(|b| b.is_ascii_digit())
        && format(&format!("x.{ext}")).is_some()
}

/// The hash naming the copies of the file at `source`.
fn hash(source: &Path) -> io::Result<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(RECIPE);
    hasher.update_reader(fs::File::open(source)?)?;
    Ok(hasher.finalize().to_hex()[..32].to_string())
}

fn decode(source: &Path, format: ImageFormat) -> Result<DynamicImage, String> {
    let file = fs::File::open(source).map_err(|e| format!("it cannot be read ({e})"))?;
    let mut reader = ImageReader::with_format(BufReader::new(file), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(|e| e.to_string())
}

fn encode(image: &DynamicImage, width: u32, format: ImageFormat) -> Result<Vec<u8>, String> {
    let height = (u64::from(image.height()) * u64::from(width))
        .div_ceil(u64::from(image.width().max(1)))
        .max(1);
    let height = u32::try_from(height).unwrap_or(MAX_SIDE);
    let small = image.resize_exact(width, height, FilterType::CatmullRom);
    let mut bytes = Vec::new();
    let done = match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(small.to_rgb8());
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY))
        }
        _ => small.write_with_encoder(PngEncoder::new(Cursor::new(&mut bytes))),
    };
    done.map(|()| bytes).map_err(|e| e.to_string())
}

/// Keeps a copy in the cache; a cache that cannot be written (a read-only site, a link
/// in the way) only means the copy is made again next time.
fn keep(root: &Path, at: &Path, bytes: &[u8]) {
    if site_fs::writable(root, CACHE_DIR).is_err() {
        return;
    }
    let Some(dir) = at.parent() else {
        return;
    };
    if fs::create_dir_all(dir).is_err() {
        return;
    }
    let temp: PathBuf = dir.join(format!(
        ".{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    if fs::write(&temp, bytes).is_ok() && fs::rename(&temp, at).is_err() {
        let _ = fs::remove_file(&temp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(widths: &[u32]) -> ImagePolicy {
        ImagePolicy {
            widths: widths.to_vec(),
            ..ImagePolicy::default()
        }
    }

    #[test]
    fn only_wider_jpegs_and_pngs_get_copies_named_by_width() {
        let size = Size {
            width: 1000,
            height: 500,
        };
        assert_eq!(widths(size, &policy(&[480, 960, 1600])), [480, 960]);
        assert_eq!(copy_name("img/map.png", 480), "img/map.480w.png");
        let url = |name: &str| format!("/a/{name}");
        assert_eq!(
            srcset(&url, "img/map.png", size, &policy(&[480])).as_deref(),
            Some("/a/img/map.480w.png 480w, /a/img/map.png 1000w")
        );
        assert_eq!(srcset(&url, "m.gif", size, &policy(&[480])), None);
        assert_eq!(srcset(&url, "m.png", size, &policy(&[1000])), None);
    }

    #[test]
    fn a_copy_is_made_once_then_read_from_the_cache() {
        let site = tempfile::tempdir().unwrap();
        let source = site.path().join("big.png");
        let image = image::RgbaImage::from_fn(40, 20, |x, y| {
            image::Rgba([x as u8 * 6, y as u8 * 12, 90, 255])
        });
        image.save(&source).unwrap();
        let mut made = Vec::new();
        let mut used = Vec::new();
        let mut write = |w, b: &[u8]| {
            made.push((w, b.to_vec()));
            Ok(())
        };
        copies(
            site.path(),
            &source,
            "big.png",
            &[10, 20],
            &mut write,
            &mut |n| used.push(n),
        )
        .unwrap();
        assert_eq!(made.len(), 2);
        assert!(used.iter().all(|n| is_copy(n)), "{used:?}");
        assert!(used[0].ends_with("-10.png") && used[1].ends_with("-20.png"));
        let small = image::load_from_memory(&made[0].1).unwrap();
        assert_eq!((small.width(), small.height()), (10, 5));
        let cached = fs::read_dir(site.path().join(CACHE_DIR)).unwrap().count();
        assert_eq!(cached, 2);
        // Remade from the cache alone: the original is not decoded again.
        let mut again = Vec::new();
        let mut write = |w, b: &[u8]| {
            again.push((w, b.to_vec()));
            Ok(())
        };
        copies(
            site.path(),
            &source,
            "big.png",
            &[10, 20],
            &mut write,
            &mut drop,
        )
        .unwrap();
        assert_eq!(again, made);
    }

    #[test]
    fn only_names_byline_gives_copies_are_copies() {
        let key = "0123456789abcdef0123456789abcdef";
        assert!(is_copy(&format!("{key}-480.jpg")));
        assert!(is_copy(&format!("{key}-16.png")));
        for not in [
            format!("{key}-480.txt"),
            format!("{key}-.png"),
            format!("{key}-48x.png"),
            format!("{}-480.png", &key[1..]),
            format!("{}-480.png", key.to_uppercase()),
            "notes.txt".to_string(),
            ".1.ThreadId(2).tmp".to_string(),
        ] {
            assert!(!is_copy(&not), "{not}");
        }
    }

    #[test]
    fn an_image_past_the_decoding_limits_is_refused_not_decoded() {
        let site = tempfile::tempdir().unwrap();
        let source = site.path().join("bomb.png");
        // A valid header claiming 20,000 × 20,000 pixels, with hardly any data.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(20_000u32.to_be_bytes());
        png.extend(20_000u32.to_be_bytes());
        png.extend([8, 6, 0, 0, 0]);
        let header = crc(&png[12..]);
        png.extend(header.to_be_bytes());
        for (kind, data) in [
            (&b"IDAT"[..], &b"\x78\x9c\x03\x00\x00\x00\x00\x01"[..]),
            (b"IEND", b""),
        ] {
            png.extend((data.len() as u32).to_be_bytes());
            let start = png.len();
            png.extend(kind);
            png.extend(data);
            let sum = crc(&png[start..]);
            png.extend(sum.to_be_bytes());
        }
        fs::write(&source, &png).unwrap();
        let err = copies(
            site.path(),
            &source,
            "bomb.png",
            &[480],
            &mut |_, _| Ok(()),
            &mut drop,
        );
        let err = err.unwrap_err();
        assert!(err.to_lowercase().contains("limit"), "{err}");
    }

    fn crc(bytes: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
}
