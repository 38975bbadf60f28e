//! One error type for every failure, with stable machine-readable codes.

use std::fmt;

/// Stable error codes. The API's own codes (CONTRACT.md §1.6) come first, then the SDK's own
/// for failures that never reached an API answer. The strings are part of the public contract:
/// JS callers branch on `err.code`, and the TypeScript union is checked against [`ErrorCode::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    InsufficientPermissions,
    NotFound,
    Conflict,
    PayloadTooLarge,
    ValidationError,
    TooManyRequests,
    PaymentRequired,
    InternalServerError,
    /// An API error envelope whose code this SDK version does not know; see `Error::Api::api_code`.
    UnknownApiError,
    /// A caller's argument or option was rejected before any request was sent.
    InvalidArgument,
    /// The request never got an HTTP answer (DNS, refused, reset, CORS, redirect refused).
    NetworkError,
    /// The call's deadline passed.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// An HTTP answer came, but it was not a valid API response.
    InvalidResponse,
    /// The synchronous helpers were called before the module was loaded (browsers only), or the
    /// module could not be loaded.
    NotReady,
    /// A bug in the SDK (never a problem with the caller's input or the network).
    InternalSdkError,
    /// A non-idempotent write (an invite) was sent but its answer was lost: it may or may not
    /// have been applied, so it is not repeated.
    AmbiguousWrite,
    /// The client's own pacing would have to wait longer than allowed for a rate-limit slot.
    RateLimited,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ErrorCode] = &[
        Self::BadRequest,
        Self::Unauthorized,
        Self::Forbidden,
        Self::InsufficientPermissions,
        Self::NotFound,
        Self::Conflict,
        Self::PayloadTooLarge,
        Self::ValidationError,
        Self::TooManyRequests,
        Self::PaymentRequired,
        Self::InternalServerError,
        Self::UnknownApiError,
        Self::InvalidArgument,
        Self::NetworkError,
        Self::Timeout,
        Self::Aborted,
        Self::InvalidResponse,
        Self::NotReady,
        Self::InternalSdkError,
        Self::AmbiguousWrite,
        Self::RateLimited,
    ];

    /// The stable string, e.g. `"NOT_FOUND"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "BAD_REQUEST",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::Forbidden => "FORBIDDEN",
            Self::InsufficientPermissions => "INSUFFICIENT_PERMISSIONS",
            Self::NotFound => "NOT_FOUND",
            Self::Conflict => "CONFLICT",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::ValidationError => "VALIDATION_ERROR",
            Self::TooManyRequests => "TOO_MANY_REQUESTS",
            Self::PaymentRequired => "PAYMENT_REQUIRED",
            Self::InternalServerError => "INTERNAL_SERVER_ERROR",
            Self::UnknownApiError => "UNKNOWN_API_ERROR",
            Self::InvalidArgument => "INVALID_ARGUMENT",
            Self::NetworkError => "NETWORK_ERROR",
            Self::Timeout => "TIMEOUT",
            Self::Aborted => "ABORTED",
            Self::InvalidResponse => "INVALID_RESPONSE",
            Self::NotReady => "NOT_READY",
            Self::InternalSdkError => "INTERNAL_SDK_ERROR",
            Self::AmbiguousWrite => "AMBIGUOUS_WRITE",
            Self::RateLimited => "RATE_LIMITED",
        }
    }

    /// The API code for a string from an error envelope, if it is one the API documents.
    pub fn from_api(code: &str) -> Option<ErrorCode> {
        Self::ALL[..11].iter().copied().find(|c| c.as_str() == code)
    }

    /// The SDK's own codes that a proxy (`tmr-client/proxy`) answers with when the API gave it no
    /// answer: a page's client reports them as they are (a lost invite stays `AMBIGUOUS_WRITE`).
    pub fn from_proxy(code: &str) -> Option<ErrorCode> {
        [Self::NetworkError, Self::Timeout, Self::AmbiguousWrite].into_iter().find(|c| c.as_str() == code)
    }

    /// The HTTP status the API documents for its own codes (CONTRACT.md §1.6).
    pub fn http_status(self) -> Option<u16> {
        Some(match self {
            Self::BadRequest => 400,
            Self::Unauthorized => 401,
            Self::Forbidden | Self::InsufficientPermissions => 403,
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::PayloadTooLarge => 413,
            Self::ValidationError => 422,
            Self::TooManyRequests => 429,
            Self::PaymentRequired => 402,
            Self::InternalServerError => 500,
            _ => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every failure the SDK reports. `Display` is the message a JS caller sees; for API errors it is
/// the API's message, unchanged.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error envelope.
    Api {
        code: ErrorCode,
        /// The code string exactly as the API sent it (differs from `code` only for unknown codes).
        api_code: String,
        status: u16,
        message: String,
        /// From a `Retry-After` header, when the server sent one.
        retry_after_ms: Option<u64>,
    },
    /// A parameter or option was rejected locally; nothing was sent.
    InvalidArgument { message: String },
    /// No HTTP answer arrived.
    Network { message: String },
    /// An answer (`status`) began to arrive, then its body failed after `received` bytes: the
    /// connection was lost. Code `NETWORK_ERROR`.
    BodyLost { status: u16, received: u64, message: String },
    /// The deadline passed.
    Timeout { timeout_ms: u64 },
    /// The caller cancelled.
    Aborted,
    /// An answer arrived but was not a valid API response.
    InvalidResponse { status: u16, message: String },
    /// Synchronous helpers used before the module was loaded.
    NotReady,
    /// A write's answer was lost after it was sent (`endpoint` is e.g. `invites.create`).
    AmbiguousWrite { endpoint: &'static str, cause: String },
    /// Local pacing would need to wait `retry_after_ms`, more than the caller allows.
    RateLimited { retry_after_ms: u64 },
    /// A bug in the SDK (a panic, an invariant broken); never the caller's input or the network.
    Internal { message: String },
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Api { code, .. } => *code,
            Error::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Error::Network { .. } | Error::BodyLost { .. } => ErrorCode::NetworkError,
            Error::Timeout { .. } => ErrorCode::Timeout,
            Error::Aborted => ErrorCode::Aborted,
            Error::InvalidResponse { .. } => ErrorCode::InvalidResponse,
            Error::NotReady => ErrorCode::NotReady,
            Error::AmbiguousWrite { .. } => ErrorCode::AmbiguousWrite,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::Internal { .. } => ErrorCode::InternalSdkError,
        }
    }

    /// The HTTP status, when an HTTP answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::InvalidResponse { status, .. } | Error::BodyLost { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Milliseconds the server asked to wait (`Retry-After`), when it said.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            Error::Api { retry_after_ms, .. } => *retry_after_ms,
            Error::RateLimited { retry_after_ms } => Some(*retry_after_ms),
            _ => None,
        }
    }

    /// Shorthand for an invalid-argument error.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::InvalidArgument { message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { message, .. } => f.write_str(message),
            Error::InvalidArgument { message } => f.write_str(message),
            Error::Network { message } => write!(f, "The request got no HTTP answer: {message}"),
            Error::BodyLost { status, received, message } => {
                write!(f, "HTTP {status}: the answer's body stopped after {received} bytes: {message}")
            }
            Error::Timeout { timeout_ms } => write!(f, "The call did not finish within {timeout_ms} ms"),
            Error::Aborted => f.write_str("The call was aborted by its AbortSignal"),
            Error::InvalidResponse { status, message } => {
                write!(f, "HTTP {status}: the body was not a valid API response ({message})")
            }
            Error::NotReady => f.write_str("The WebAssembly module is not loaded"),
            Error::AmbiguousWrite { endpoint, cause } => write!(
                f,
                "{endpoint} was sent but its answer was lost ({cause}); it may or may not have been applied and was not repeated: {}",
                match *endpoint {
                    "invites.create" => "check the invites list before trying again",
                    "outlign.clients.create" => "check the clients list before creating it again",
                    "outlign.oauth.token" => "the code or refresh token may have been spent; start the sign-in again if it is refused",
                    _ => "check whether it took effect before trying again",
                }
            ),
            Error::RateLimited { retry_after_ms } => write!(
                f,
                "Rate limit: the next slot for this API key frees in {retry_after_ms} ms, longer than this call may wait (rateLimit.maxWaitMs)"
            ),
            Error::Internal { message } => write!(f, "Internal SDK error: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Result alias used across the core.
pub type Result<T> = std::result::Result<T, Error>;
