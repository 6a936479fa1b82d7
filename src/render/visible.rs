//! Control characters made visible. Text from the database (a claim, a source, a title, a rationale) reaches a
//! terminal only through here, so an ESC sequence cannot retitle the terminal or plant a link, a newline cannot
//! forge a line of history, and a bidi override cannot reorder what a reader sees.

use std::borrow::Cow;

/// The escape shown instead of a character a terminal would act on, or `None` for a character shown as itself.
///
/// `\t`, `\n`, `\r` and `\e` for the common ones; `\x07` for the other ASCII controls and DEL; `\u{9b}` for the
/// C1 controls (CSI and OSC among them), the bidi embeddings, overrides, isolates and marks, and the Unicode line
/// and paragraph separators.
pub fn escape(c: char) -> Option<Cow<'static, str>> {
    Some(match c {
        '\t' => Cow::Borrowed("\\t"),
        '\n' => Cow::Borrowed("\\n"),
        '\r' => Cow::Borrowed("\\r"),
        '\x1b' => Cow::Borrowed("\\e"),
        '\0'..='\x1f' | '\x7f' => Cow::Owned(format!("\\x{:02x}", c as u32)),
        '\u{80}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Cow::Owned(format!("\\u{{{:x}}}", c as u32)),
        _ => return None,
    })
}

/// True when `c` is one that `escape` replaces.
pub fn is_hidden(c: char) -> bool {
    escape(c).is_some()
}

/// The text with every control character escaped; borrowed when there is none (the usual case).
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escape(c) {
            Some(escaped) => out.push_str(&escaped),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A field of the plain tab-separated format: controls escaped as in `visible`, and a backslash doubled so that
/// the escapes read back unambiguously.
pub fn tsv_field(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '\\' || is_hidden(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escape(c) {
            Some(escaped) => out.push_str(&escaped),
            None if c == '\\' => out.push_str("\\\\"),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_are_shown_not_obeyed() {
        assert_eq!(visible("plain text"), "plain text");
        assert!(matches!(visible("plain text"), Cow::Borrowed(_)));
        assert_eq!(
            visible("\x1b]0;owned\x07title\x1b[2J"),
            "\\e]0;owned\\x07title\\e[2J"
        );
        assert_eq!(
            visible("line one\nline two\r\tend"),
            "line one\\nline two\\r\\tend"
        );
        assert_eq!(
            visible("\u{9b}31m C1 \u{9d}8;;x"),
            "\\u{9b}31m C1 \\u{9d}8;;x"
        );
        assert_eq!(
            visible("abc\u{202e}fed\u{2066}x\u{2069}"),
            "abc\\u{202e}fed\\u{2066}x\\u{2069}"
        );
        assert_eq!(visible("a\u{2028}b\x7f"), "a\\u{2028}b\\x7f");
        // Letters of every script, emoji and joiners are text, not controls.
        assert_eq!(visible("Zürich ٣ 東京 👩‍👩‍👧"), "Zürich ٣ 東京 👩‍👩‍👧");
    }

    #[test]
    fn tab_separated_fields_escape_backslashes_too() {
        assert_eq!(tsv_field("a\tb\\n"), "a\\tb\\\\n");
        assert_eq!(tsv_field("C:\\path"), "C:\\\\path");
        assert_eq!(tsv_field("plain"), "plain");
    }
}
