//! The Rust face of `data.queryRows`: a [`Stream`] of row batches.
//!
//! ```no_run
//! # async fn demo(tmr: tmr_client::TmrClient, team: &str, query: &serde_json::Value) -> Result<(), tmr_client::Error> {
//! use futures_util::StreamExt; // or any crate's `Stream` combinators
//! let mut batches = tmr.data().query_rows(team, query, 1000);
//! while let Some(rows) = batches.next().await {
//!     for row in rows? {
//!         println!("{row:?}");
//!     }
//! }
//! # Ok(()) }
//! ```

use super::rows::QueryBatches;
use crate::core::model::Row;
use crate::core::Error;
use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

type Pending = Pin<Box<dyn Future<Output = (QueryBatches, Option<Result<String, Error>>)>>>;

/// Batches of rows of one run-query call, in order, as they arrive; a failure is the last item.
/// Dropped before its end (a loop left early), it cancels the rest of the answer.
pub struct RowStream {
    idle: Option<QueryBatches>,
    pending: Option<Pending>,
    /// Arguments the request could not be built from: the only item.
    refused: Option<Error>,
    /// Rows and bytes as of the last batch.
    counts: (u64, u64),
}

impl RowStream {
    pub(crate) fn new(batches: Result<QueryBatches, Error>) -> RowStream {
        match batches {
            Ok(b) => RowStream { idle: Some(b), pending: None, refused: None, counts: (0, 0) },
            Err(e) => RowStream { idle: None, pending: None, refused: Some(e), counts: (0, 0) },
        }
    }

    /// Rows handed out so far.
    pub fn rows(&self) -> u64 {
        self.counts.0
    }

    /// Bytes of the answer received, as of the last batch.
    pub fn bytes(&self) -> u64 {
        self.counts.1
    }
}

impl Stream for RowStream {
    type Item = Result<Vec<Row>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(error) = self.refused.take() {
            return Poll::Ready(Some(Err(error)));
        }
        if self.pending.is_none() {
            let Some(mut batches) = self.idle.take() else { return Poll::Ready(None) };
            self.pending = Some(Box::pin(async move {
                let next = batches.next_batch().await.map(|r| r.map_err(|f| f.error));
                (batches, next)
            }));
        }
        let Some(pending) = self.pending.as_mut() else { return Poll::Ready(None) };
        let (batches, next) = match pending.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(done) => done,
        };
        self.pending = None;
        self.counts = (batches.rows(), batches.bytes());
        let item = next.map(|batch| {
            // The scan took it for JSON; serde may still refuse it (a number beyond f64).
            serde_json::from_str(&batch?).map_err(|e| Error::InvalidResponse { status: batches.status(), message: e.to_string() })
        });
        // A failure is the last item.
        if !matches!(item, Some(Err(_))) {
            self.idle = Some(batches);
        }
        Poll::Ready(item)
    }
}

impl Drop for RowStream {
    fn drop(&mut self) {
        // A batch being read is dropped with its future (its body with it); an idle one is stopped.
        if let Some(batches) = &mut self.idle {
            batches.stop();
        }
    }
}
