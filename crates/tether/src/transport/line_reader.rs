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
}

impl<R: AsyncBufRead + Unpin> LineReader<R> {
    pub(crate) fn new(reader: R, max: usize) -> Self {
        Self { reader, max }
    }

    /// The next line, or `None` at the end of the stream.
    pub(crate) async fn next(&mut self) -> std::io::Result<Option<Line>> {
        let mut line = Vec::new();
        let mut too_long = false;
        loop {
            let buf = self.reader.fill_buf().await?;
            if buf.is_empty() {
                // End of stream: a last line without a newline still counts.
                return Ok(match (too_long, line.is_empty()) {
                    (true, _) => Some(Line::TooLong),
                    (false, true) => None,
                    (false, false) => Some(Line::Message(trim_cr(line))),
                });
            }
            let (chunk, found) = match buf.iter().position(|b| *b == b'\n') {
                Some(at) => (&buf[..at], Some(at + 1)),
                None => (buf, None),
            };
            if !too_long {
                if line.len() + chunk.len() > self.max {
                    too_long = true;
                    line = Vec::new();
                } else {
                    line.extend_from_slice(chunk);
                }
            }
            let consumed = found.unwrap_or(buf.len());
            self.reader.consume(consumed);
            if found.is_some() {
                return Ok(Some(if too_long {
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
}
