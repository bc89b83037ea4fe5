//! What byline needs to know of an SVG file, which is text, not pixels: its size, from
//! the root element's `width` and `height` (or its `viewBox`), so a page reserves its
//! place; and whether it can run code, since an SVG opened by its own URL runs its
//! scripts on the site's origin. quick-xml reads it; entities are not expanded.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::assets::Size;

/// The size the root `<svg>` element declares: `width` and `height` in pixels (or
/// unitless), else its `viewBox`, one side scaled from the other when only one is given.
pub fn size(text: &[u8]) -> Result<Size, String> {
    let root = root(text)?;
    let attr = |name: &str| -> Option<String> {
        let a = root.try_get_attribute(name).ok().flatten()?;
        Some(a.value.into_owned())
    };
    let width = attr("width").and_then(|v| pixels(&v));
    let height = attr("height").and_then(|v| pixels(&v));
    let view = attr("viewBox").and_then(|v| view_box(&v));
    let (w, h) =
        match (width, height, view) {
            (Some(w), Some(h), _) => (w, h),
            (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
            (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
            (_, _, Some((vw, vh))) => (vw, vh),
            _ => return Err(
                "the root <svg> element has neither a width and a height in pixels nor a viewBox"
                    .into(),
            ),
        };
    let side = |v: f64| -> u32 {
        // Saturating: an absurd side is refused by the caller's bound.
        v.round().clamp(0.0, f64::from(u32::MAX)) as u32
    };
    Ok(Size {
        width: side(w),
        height: side(h),
    })
}

/// The root element, which must be `<svg>`.
fn root(text: &[u8]) -> Result<BytesStart<'_>, String> {
    let mut reader = Reader::from_reader(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "svg" => {
                return Ok(e)
            }
            Ok(Event::Start(_) | Event::Empty(_)) => {
                return Err("its first element is not <svg>".into())
            }
            Ok(Event::Eof) => return Err("it has no <svg> element".into()),
            Ok(_) => {}
            Err(e) => return Err(format!("it is not well-formed XML ({e})")),
        }
    }
}

/// `640`, `640px`, `640.5` → pixels; any other unit or a percentage says nothing.
fn pixels(value: &str) -> Option<f64> {
    let v = value.trim();
    let v = v.strip_suffix("px").unwrap_or(v).trim();
    v.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0)
}

/// The width and height of a `viewBox="min-x min-y width height"`.
fn view_box(value: &str) -> Option<(f64, f64)> {
    let parts: Vec<f64> = value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<f64>().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// What in an SVG can run code or load from elsewhere when it is opened by its own
/// URL: `<script>`, `<foreignObject>` (HTML inside), an `on…` event attribute, or a
/// `javascript:` URL; `None` when there is none. XML it cannot read counts as active:
/// what a browser makes of it is not known.
pub fn active_content(text: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = e.local_name().as_ref().to_string();
                if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignObject")
                {
                    return Some(format!("a <{name}> element"));
                }
                for a in e.attributes() {
                    let Ok(a) = a else {
                        return Some(format!("an attribute byline cannot read on <{name}>"));
                    };
                    let key = a.key.local_name().as_ref().to_string();
                    let Ok(value) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
                        return Some(format!("a value byline cannot read in `{key}` on <{name}>"));
                    };
                    let value = value.to_ascii_lowercase();
                    if key.len() > 2 && key[..2].eq_ignore_ascii_case("on") {
                        return Some(format!("the event attribute `{key}` on <{name}>"));
                    }
                    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                    if compact.contains("javascript:") {
                        return Some(format!("a javascript: URL in `{key}` on <{name}>"));
                    }
                }
            }
            Ok(Event::Eof) => return None,
            Err(e) => return Some(format!("XML byline cannot read ({e})")),
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size_of(svg: &str) -> Result<(u32, u32), String> {
        size(svg.as_bytes()).map(|s| (s.width, s.height))
    }

    #[test]
    fn an_svg_declares_its_size_in_pixels_or_by_its_view_box() {
        assert_eq!(
            size_of("<svg width=\"640\" height=\"360px\"/>"),
            Ok((640, 360))
        );
        assert_eq!(
            size_of("<?xml version=\"1.0\"?>\n<!-- c -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 450\"><g/></svg>"),
            Ok((800, 450))
        );
        assert_eq!(
            size_of("<svg width=\"400\" viewBox=\"0,0,800,450\"/>"),
            Ok((400, 225))
        );
        assert_eq!(
            size_of("<svg width=\"100%\" height=\"10em\" viewBox=\"0 0 8 4\"/>"),
            Ok((8, 4))
        );
        assert!(size_of("<svg width=\"100%\"/>")
            .unwrap_err()
            .contains("neither"));
        assert!(size_of("<html/>").unwrap_err().contains("not <svg>"));
        assert!(size_of("").unwrap_err().contains("no <svg>"));
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_active_content() {
        let found = |svg: &str| active_content(svg.as_bytes());
        assert_eq!(found("<svg><g><rect/></g></svg>"), None);
        assert_eq!(
            found("<svg><script>x</script></svg>").as_deref(),
            Some("a <script> element")
        );
        assert!(found("<svg><rect onLoad=\"x\"/></svg>")
            .unwrap()
            .contains("onLoad"));
        assert!(found("<svg><a href=\"java\tscript:x\"/></svg>").is_some());
        assert!(found("<svg><a xlink:href=\" JavaScript:x\"/></svg>")
            .unwrap()
            .contains("javascript:"));
        assert!(found("<svg><foreignObject/></svg>").is_some());
    }
}
