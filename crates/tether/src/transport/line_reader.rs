//! Reading newline-delimited messages with a size limit, without buffering oversized lines.
//!
//! `tokio_util::codec::LinesCodec` ends the stream on its first error (an over-long line or
//! invalid UTF-8), which would end the connection; a peer's bad line must cost only that line.

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// One line read from the stream.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line's bytes, without the newline and a trailing `\r`.
    Message(Vec<u8>),
    /// A line longer than the limit; its bytes were discarded as they arrived.
    TooLong,
}

/// Reads lines of at most `max` bytes.
#[derive(Debug)]
pub(crate) struct LineReader<R> {
    reader: R,
    max: usize,
    /// The line read so far (kept here so that a [`next`](Self::next) dropped midway loses
    /// nothing).
    line: Vec<u8>,
    /// Whether the line read so far is already over the limit (and discarded).
    too_long: bool,
}

impl<R: AsyncBufRead + Unpin> LineReader<R> {
    pub(crate) fn new(reader: R, max: usize) -> Self {
        Self {
            reader,
            max,
            line: Vec::new(),
            too_long: false,
        }
    }

    /// The next line, or `None` at the end of the stream. Cancel-safe: dropping the future
    /// before it completes keeps what was read of the line for the next call.
    pub(crate) async fn next(&mut self) -> std::io::Result<Option<Line>> {
        loop {
            let buf = self.reader.fill_buf().await?;
            if buf.is_empty() {
                // End of stream: a last line without a newline still counts.
                let line = std::mem::take(&mut self.line);
                return Ok(
                    match (std::mem::take(&mut self.too_long), line.is_empty()) {
                        (true, _) => Some(Line::TooLong),
                        (false, true) => None,
                        (false, false) => Some(Line::Message(trim_cr(line))),
                    },
                );
            }
            let (chunk, found) = match buf.iter().position(|b| *b == b'\n') {
                Some(at) => (&buf[..at], Some(at + 1)),
                None => (buf, None),
            };
            if !self.too_long {
                if self.line.len() + chunk.len() > self.max {
                    self.too_long = true;
                    self.line = Vec::new();
                } else {
                    self.line.extend_from_slice(chunk);
                }
            }
            let consumed = found.unwrap_or(buf.len());
            self.reader.consume(consumed);
            if found.is_some() {
                let line = std::mem::take(&mut self.line);
                return Ok(Some(if std::mem::take(&mut self.too_long) {
                    Line::TooLong
                } else {
                    Line::Message(trim_cr(line))
                }));
            }
        }
    }
}

fn trim_cr(mut line: Vec<u8>) -> Vec<u8> {
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lines_crlf_oversize_and_a_last_line_without_newline() {
        let input: &[u8] = b"short\r\nthis line is far too long\nok\nend";
        let mut reader = LineReader::new(tokio::io::BufReader::with_capacity(4, input), 10);
        assert_eq!(
            reader.next().await.unwrap(),
            Some(Line::Message(b"short".to_vec()))
        );
        assert_eq!(reader.next().await.unwrap(), Some(Line::TooLong));
        assert_eq!(
            reader.next().await.unwrap(),
            Some(Line::Message(b"ok".to_vec()))
        );
        assert_eq!(
            reader.next().await.unwrap(),
            Some(Line::Message(b"end".to_vec()))
        );
        assert_eq!(reader.next().await.unwrap(), None);
    }

    /// A `next` dropped in the middle of a line (the dispatcher polls it in a `select!`) loses
    /// nothing of it, nor of an over-long line's verdict.
    #[tokio::test]
    async fn a_dropped_next_keeps_the_partial_line() {
        use tokio::io::AsyncWriteExt;
        let (mut tx, rx) = tokio::io::duplex(64);
        let mut reader = LineReader::new(tokio::io::BufReader::new(rx), 8);
        let wait = std::time::Duration::from_millis(20);
        for (part, then, expected) in [
            (&b"hel"[..], &b"lo\n"[..], Line::Message(b"hello".to_vec())),
            (&b"0123456789"[..], &b"ab\n"[..], Line::TooLong),
        ] {
            tx.write_all(part).await.unwrap();
            let dropped = tokio::time::timeout(wait, reader.next()).await;
            assert!(dropped.is_err(), "no whole line yet");
            tx.write_all(then).await.unwrap();
            assert_eq!(reader.next().await.unwrap(), Some(expected));
        }
    }
}
