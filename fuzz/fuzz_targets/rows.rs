//! Any bytes as a run-query answer, fed to the streaming reader in chunks of any size: it never
//! panics, hands out the rows the one-pass check finds, in order, and ends with the same verdict
//! (the same error, except where the answer holds invalid UTF-8: the one-pass check names that
//! first, the stream the fault it meets first; both are INVALID_RESPONSE).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tmr_client::core::rows::{Next, RowReader};
use tmr_client::core::{response, Endpoint, Error, HttpResponse, ENDPOINTS};

fuzz_target!(|data: &[u8]| {
    let Some((&size, body)) = data.split_first() else { return };
    let size = usize::from(size % 64) + 1;
    let endpoint: &Endpoint = ENDPOINTS.iter().find(|e| e.name == "data.runQuery").expect("run-query is in the table");
    let res = HttpResponse { status: 200, retry_after: None, body: body.to_vec(), received_ms: 0 };
    let whole = response::decode(endpoint, &res);

    let mut reader = RowReader::new(HttpResponse { status: 200, ..HttpResponse::default() });
    let mut rows: Vec<String> = Vec::new();
    let mut drain = |reader: &mut RowReader| -> Result<bool, Error> {
        loop {
            match reader.next_row()? {
                Next::Row(text) => rows.push(text.to_owned()),
                Next::More => return Ok(false),
                Next::End => return Ok(true),
            }
        }
    };
    let mut outcome = Ok(false);
    for chunk in body.chunks(size) {
        outcome = reader.push(chunk).and_then(|()| drain(&mut reader));
        if outcome.is_err() {
            break;
        }
    }
    if outcome.is_ok() {
        reader.close();
        outcome = drain(&mut reader);
    }
    match (whole, outcome) {
        (Ok(text), Ok(ended)) => {
            assert!(ended, "a closed answer ends");
            // Each row is the next element of `data` as sent.
            let mut rest = text.as_str();
            for row in &rows {
                let at = rest.find(row.as_str()).unwrap_or_else(|| panic!("row {row} not in order in {text}"));
                rest = &rest[at + row.len()..];
            }
            let expected = tmr_client::core::scan::parse(&text).ok().and_then(|v| v.as_array().map(Vec::len));
            if let Some(n) = expected {
                assert_eq!(rows.len(), n, "every row");
            }
        }
        (Err(want), Err(got)) if want.to_string().contains("utf-8") || got.to_string().contains("utf-8") => {
            assert_eq!(want.code(), got.code());
        }
        (Err(want), Err(got)) => assert_eq!(want, got),
        (want, got) => panic!("at once {want:?}, streamed {got:?}"),
    }
});
