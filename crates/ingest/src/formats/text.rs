//! A file that is one article: plain text or one HTML page. The bytes go to `clean` untouched.

use hearsay_article::{Hints, InputFormat, RawArticle, Record, RecordFormat};

use super::{html, Context, Item, Records};
use crate::detect::utf16_charset;
use crate::error::stream_failure;
use crate::input::Input;
use crate::limits::too_large;
use crate::RecordError;

/// Reads the whole input (up to the record limit) as one article.
pub(crate) fn read_single(context: Context, input: Input) -> Records {
    let mut input = input;
    Box::new(std::iter::once_with(move || read(&context, &mut input)))
}

fn read(context: &Context, input: &mut Input) -> Item {
    let bytes = match input.read_at_most(context.limits.max_record_bytes as u64) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(RecordError::failed(context.file(), too_large(context.limits.max_record_bytes))),
        Err(error) => return Err(RecordError::failed(context.file(), stream_failure(&error))),
    };
    let (format, charset) = match context.input {
        InputFormat::Html => {
            (RecordFormat::Html, utf16_charset(&bytes).map(str::to_owned).or_else(|| html::declared_charset(&bytes)))
        }
        _ => (RecordFormat::Text, utf16_charset(&bytes).map(str::to_owned)),
    };
    Ok(Record::Article(RawArticle {
        source: context.file(),
        input: context.input,
        format,
        bytes,
        charset,
        hints: Hints::default(),
    }))
}
