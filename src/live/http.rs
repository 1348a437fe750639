//! The webhook endpoint (RingCentral's protocol, reference §7.1): the `Validation-Token`
//! handshake, the verification token, durable append before `200`, `400` with the body kept in
//! the `.rejected` file, `413` over the size limit, `405` for other methods, `GET /health`.
//! Routing only; the file is `capture`, the thread and runtime are `receiver`.

use super::LiveSender;
use super::capture::{Capture, one_line};
use super::receiver::{MAX_BODY_BYTES, Stats};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// What every request handler shares.
pub(crate) struct Shared {
    pub(crate) capture: Capture,
    pub(crate) token: Option<String>,
    pub(crate) sender: LiveSender,
    pub(crate) stats: Arc<Stats>,
}

/// Every path accepts deliveries (the subscription's address may name any path) except
/// `/health`.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let body = match read_body(&headers, body).await {
        Ok(body) => body,
        Err(response) => return *response,
    };
    match (&method, uri.path()) {
        (&Method::GET | &Method::HEAD, "/health") => (StatusCode::OK, "ok\n").into_response(),
        (_, "/health") => not_allowed("GET"),
        (&Method::POST, _) => deliver(&shared, &headers, &body),
        _ => not_allowed("POST"),
    }
}

/// The whole body, or the answer when it is over the limit (413) or cut off (400). Both close
/// the connection: the rest of the body is not read.
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, Box<Response>> {
    let close = [(header::CONNECTION, HeaderValue::from_static("close"))];
    let too_large = || Box::new((StatusCode::PAYLOAD_TOO_LARGE, close.clone()).into_response());
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<LengthLimitError>() => Err(too_large()),
        Err(_) => Err(Box::new((StatusCode::BAD_REQUEST, close).into_response())),
    }
}

fn not_allowed(allow: &'static str) -> Response {
    let allow = HeaderValue::from_static(allow);
    (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, allow)]).into_response()
}

fn deliver(shared: &Shared, headers: &HeaderMap, body: &[u8]) -> Response {
    let validation = headers.get("validation-token");
    if body.trim_ascii().is_empty() {
        return match validation {
            // The handshake when the subscription is created: echo the token, quickly, small.
            Some(token) => ok(Some(token)),
            None => {
                shared.stats.rejected.fetch_add(1, Ordering::Relaxed);
                (StatusCode::BAD_REQUEST, "empty body\n").into_response()
            }
        };
    }
    if let Some(expected) = &shared.token {
        // RingCentral sends `Verification-Token`; its receiving guide calls it
        // `Validation-Token`: accept either.
        let given = headers.get("verification-token").or(validation);
        if !given.is_some_and(|g| same_secret(g.as_bytes(), expected.as_bytes())) {
            shared.stats.unauthorized.fetch_add(1, Ordering::Relaxed);
            return StatusCode::UNAUTHORIZED.into_response();
        }
    }
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
        shared.stats.rejected.fetch_add(1, Ordering::Relaxed);
        if shared.capture.reject(body).is_err() {
            shared.stats.failed.fetch_add(1, Ordering::Relaxed);
        }
        return (StatusCode::BAD_REQUEST, "not valid JSON\n").into_response();
    }
    let line = one_line(body);
    // A short blocking write to the page cache (microseconds); acknowledged only once it is in.
    if let Err(e) = shared.capture.append(&line) {
        shared.stats.failed.fetch_add(1, Ordering::Relaxed);
        let msg = format!("cannot write the capture: {e}\n");
        return (StatusCode::INTERNAL_SERVER_ERROR, msg).into_response();
    }
    shared.stats.accepted.fetch_add(1, Ordering::Relaxed);
    shared.sender.line(line, Instant::now());
    ok(validation)
}

fn ok(echo: Option<&HeaderValue>) -> Response {
    let json = HeaderValue::from_static("application/json");
    let mut response = (StatusCode::OK, [(header::CONTENT_TYPE, json)]).into_response();
    if let Some(token) = echo {
        response
            .headers_mut()
            .insert("validation-token", token.clone());
    }
    response
}

/// Compares secrets in time independent of where they differ (only a length that differs is
/// told at once).
fn same_secret(given: &[u8], expected: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(given.ct_eq(expected))
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abd", b"abc"));
        assert!(!same_secret(b"ab", b"abc"));
        assert!(!same_secret(b"", b"abc"));
    }
}
