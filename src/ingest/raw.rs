//! The original text behind an event, read again from where it was loaded (its file, gzip or
//! not, or the bytes kept for text that had no file).

use crate::store::{EventId, Store};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, Read};

/// The original text of the notification behind an event, exactly as written (read again from
/// its file, so unknown fields are all there).
pub fn raw_text(store: &Store, event: EventId) -> io::Result<String> {
    let pos = store.event(event).pos;
    let source = store
        .sources()
        .get(store.event(event).source as usize)
        .ok_or_else(|| io::Error::other("unknown source"))?;
    let start = usize::try_from(pos.offset).map_err(io::Error::other)?;
    let len = pos.len as usize;
    let bytes = if let Some(data) = &source.data {
        data.get(start..start + len)
            .ok_or_else(|| io::Error::other("position outside the text"))?
            .to_vec()
    } else {
        let path = source
            .path
            .as_ref()
            .ok_or_else(|| io::Error::other("no file"))?;
        let mut file = File::open(path)?;
        let reader: Box<dyn Read> = if source.gzip {
            let mut gz = MultiGzDecoder::new(io::BufReader::new(file));
            io::copy(&mut gz.by_ref().take(pos.offset), &mut io::sink())?;
            Box::new(gz)
        } else {
            io::Seek::seek(&mut file, io::SeekFrom::Start(pos.offset))?;
            Box::new(file)
        };
        let mut buf = Vec::with_capacity(len);
        reader.take(len as u64).read_to_end(&mut buf)?;
        buf
    };
    String::from_utf8(bytes).map_err(io::Error::other)
}
