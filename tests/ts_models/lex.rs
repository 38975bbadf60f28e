//! The d.ts reader, part one: its tokens.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    Ident(String),
    Str(String),
    Num,
    Template,
    Punct(&'static str),
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) tok: Tok,
    pub(crate) span: Range<usize>,
    pub(crate) line: usize,
    /// A line break (possibly inside a comment) separates it from the previous token.
    pub(crate) nl_before: bool,
}

/// Longest first.
pub(crate) const PUNCTS: &[&str] = &[
    "...", "=>", "{", "}", "[", "]", "(", ")", "<", ">", ":", ";", ",", "?", "|", "&", "=", ".", "*", "+", "-", "!", "@", "#", "%", "^",
    "~", "/",
];

pub(crate) fn lex(src: &str) -> Result<Vec<Token>, String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line, mut nl) = (0, 1, false);
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            nl = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        }
        if src[i..].starts_with("/*") {
            let n = src[i + 2..].find("*/").ok_or_else(|| format!("line {line}: a `/*` comment never ends"))?;
            let breaks = src[i..i + 2 + n].matches('\n').count();
            line += breaks;
            nl |= breaks > 0;
            i += n + 4;
            continue;
        }
        let (start, at_line) = (i, line);
        let tok = if c == b'"' || c == b'\'' || c == b'`' {
            let mut value = String::new();
            i += 1;
            loop {
                let ch = src[i..].chars().next().ok_or_else(|| format!("line {at_line}: a string never ends"))?;
                i += ch.len_utf8();
                match ch {
                    _ if u32::from(ch) == u32::from(c) => break,
                    '\\' => {
                        let esc = src[i..].chars().next().ok_or_else(|| format!("line {at_line}: a string never ends"))?;
                        i += esc.len_utf8();
                        value.push(esc);
                    }
                    '\n' if c != b'`' => return Err(format!("line {at_line}: a line break inside a string")),
                    _ => {
                        line += usize::from(ch == '\n');
                        value.push(ch);
                    }
                }
            }
            if c == b'`' {
                Tok::Template
            } else {
                Tok::Str(value)
            }
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            i += b[i..].iter().take_while(|x| x.is_ascii_alphanumeric() || **x == b'_' || **x == b'$').count();
            Tok::Ident(src[start..i].to_owned())
        } else if c.is_ascii_digit() {
            i += b[i..].iter().take_while(|x| x.is_ascii_alphanumeric() || **x == b'_' || **x == b'.').count();
            Tok::Num
        } else if let Some(p) = PUNCTS.iter().find(|p| src[i..].starts_with(**p)) {
            i += p.len();
            Tok::Punct(p)
        } else {
            return Err(format!("line {line}: unexpected character {:?}", src[i..].chars().next().unwrap_or(' ')));
        };
        out.push(Token { tok, span: start..i, line: at_line, nl_before: nl });
        nl = false;
    }
    Ok(out)
}
