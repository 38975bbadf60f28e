//! The Rust face of `data.queryRows`: a [`Stream`] of row batches.
//!
//! ```no_run
//! # async fn demo(tmr: tmr_client::TmrClient, team: &str, query: &serde_json::Value) -> Result<(), tmr_client::Error> {
//! use futures_util::StreamExt;
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
}

impl RowStream {
    pub(crate) fn new(batches: Result<QueryBatches, Error>) -> RowStream {
        match batches {
            Ok(b) => RowStream { idle: Some(b), pending: None, refused: None },
            Err(e) => RowStream { idle: None, pending: None, refused: Some(e) },
        }
    }

    /// Rows handed out so far.
    pub fn rows(&self) -> u64 {
        self.idle.as_ref().map_or(0, QueryBatches::rows)
    }

    /// Bytes of the answer received so far.
    pub fn bytes(&self) -> u64 {
        self.idle.as_ref().map_or(0, QueryBatches::bytes)
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
        self.idle = Some(batches);
        Poll::Ready(next.map(|batch| {
            let text = batch?;
            serde_json::from_str(&text).map_err(|e| Error::InvalidResponse { status: 200, message: e.to_string() })
        }))
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
