//! `scan --format json`: the scanner's findings written straight from its borrowed views into one reused
//! buffer, in exactly the shape (and bytes) serde would give the design page's `{"sentences":[…]}`, without
//! building a `Sentence`, a `String` or a serde value per sentence.

use std::io::{self, Write};

use crate::scanner::{self, SentenceRef};

/// How much is buffered before it is written out.
const FLUSH_AT: usize = 1 << 16;

/// JSON escapes, by byte: 0 for none, else the letter after the backslash (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `text` as a JSON string.
fn push_str(buf: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    buf.push(b'"');
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let e = ESCAPE[usize::from(b)];
        if e == 0 {
            continue;
        }
        buf.extend_from_slice(&bytes[run..i]);
        run = i + 1;
        if e == b'u' {
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xf)]);
        } else {
            buf.push(b'\\');
            buf.push(e);
        }
    }
    buf.extend_from_slice(&bytes[run..]);
    buf.push(b'"');
}

/// Appends `n` in decimal.
fn push_number(buf: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Appends one sentence, its offsets shifted by `offset` (the length of a desk file's header).
fn push_sentence(buf: &mut Vec<u8>, input: &str, s: &SentenceRef<'_>, offset: usize) {
    buf.extend_from_slice(b"{\"index\":");
    push_number(buf, s.index);
    buf.extend_from_slice(b",\"start\":");
    push_number(buf, s.start + offset);
    buf.extend_from_slice(b",\"end\":");
    push_number(buf, s.end + offset);
    buf.extend_from_slice(b",\"text\":");
    push_str(buf, s.text);
    buf.extend_from_slice(if s.claim {
        b",\"claim\":true,\"strength\":\""
    } else {
        b",\"claim\":false,\"strength\":\""
    });
    buf.extend_from_slice(s.strength.as_str().as_bytes());
    buf.extend_from_slice(if s.uncertain {
        b"\",\"uncertain\":true,\"source\":"
    } else {
        b"\",\"uncertain\":false,\"source\":"
    });
    match s.source {
        Some(source) => push_str(buf, source),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"source_kind\":\"");
    buf.extend_from_slice(s.source_kind.as_str().as_bytes());
    buf.extend_from_slice(b"\",\"response\":");
    match s.response {
        Some(r) => {
            buf.push(b'"');
            buf.extend_from_slice(r.as_str().as_bytes());
            buf.push(b'"');
        }
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(b",\"cues\":[");
    for (i, c) in s.cues.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        buf.extend_from_slice(b"{\"text\":");
        push_str(buf, &input[c.start..c.end]);
        buf.extend_from_slice(b",\"start\":");
        push_number(buf, c.start + offset);
        buf.extend_from_slice(b",\"end\":");
        push_number(buf, c.end + offset);
        buf.extend_from_slice(b",\"kind\":\"");
        buf.extend_from_slice(c.kind.as_str().as_bytes());
        buf.extend_from_slice(b"\"}");
    }
    buf.extend_from_slice(b"]}");
}

/// Scans `text` and writes `{"sentences":[…]}` and a line break to `out`, every offset shifted by `offset`.
pub fn write_json(text: &str, offset: usize, out: &mut dyn Write) -> io::Result<()> {
    let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
    buf.extend_from_slice(b"{\"sentences\":[");
    let mut first = true;
    scanner::scan_each(text, |s| {
        if !first {
            buf.push(b',');
        }
        first = false;
        push_sentence(&mut buf, text, s, offset);
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
        Ok::<(), io::Error>(())
    })?;
    buf.extend_from_slice(b"]}\n");
    out.write_all(&buf)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The writer gives exactly the bytes serde gives the owned sentences.
    #[test]
    fn bytes_match_serde_for_every_kind_of_text() {
        let inputs = [
            "",
            "Fares will rise, the ministry said. \"We did nothing wrong,\" the company said.",
            "Tabs\tand\u{1}controls\u{1f} and a backslash \\ and é and 🎉, officials said.",
            "The company did not respond to a request for comment. The mayor allegedly took bribes.",
            "Line one\r\nline two, according to Reuters.\n\nA second paragraph.",
        ];
        for input in inputs {
            for offset in [0, 17] {
                let mut got = Vec::new();
                write_json(input, offset, &mut got).unwrap();
                let mut sentences = scanner::scan(input);
                for s in &mut sentences {
                    s.start += offset;
                    s.end += offset;
                    for c in &mut s.cues {
                        c.start += offset;
                        c.end += offset;
                    }
                }
                let mut expected = b"{\"sentences\":".to_vec();
                serde_json::to_writer(&mut expected, &sentences).unwrap();
                expected.extend_from_slice(b"}\n");
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    String::from_utf8(expected).unwrap(),
                    "{input:?}"
                );
            }
        }
    }

    #[test]
    fn numbers_are_decimal() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut buf = Vec::new();
            push_number(&mut buf, n);
            assert_eq!(String::from_utf8(buf).unwrap(), n.to_string());
        }
    }
}
