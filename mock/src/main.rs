//! `tmr-mock [--port N] [--fixtures FILE] [--static DIR] [--rate-limits on|off] [--rate-window-scale F]
//! [--max-query-rows N] [--outlign-objects a|b] [--outlign-token-ttl SECS]`: serve the mock on
//! 127.0.0.1, TMR at the root paths and the Outlign Clients API under `/api/v1/…` and `/oauth/…`.
//! `--max-query-rows` is the most rows one run-query answer may have (default 200000, 1 to
//! 100000000; the rows are made while they are sent, so a large cap costs no memory unless the
//! query sorts them). `--outlign-objects` picks
//! the stored version of Outlign's client object (CONTRACT.md §8.2; default a);
//! `--outlign-token-ttl` is the lifetime of the access tokens `/oauth/token` issues (default 3600).
//! `tmr-mock --print-openapi` prints the (TMR) OpenAPI document as YAML; `--print-world` prints the
//! TMR world as JSON, the format `--fixtures` loads (Outlign's world is built in). The first line
//! printed is `listening on http://127.0.0.1:PORT`, then one line per persona with its token: TMR's,
//! then Outlign's as `outlign_alice`, `outlign_bob`, `outlign_expired` (scripts/with-mock.sh turns
//! them into `TMR_TOKEN_OUTLIGN_ALICE` etc.), then one `outlign-oauth` line with the demo app.

use std::net::SocketAddr;
use tmr_mock::engine::{
    builtin, world::World, Mock, OutlignObjects, DEFAULT_MAX_QUERY_ROWS, MAX_QUERY_ROWS_RANGE, OUTLIGN_DEFAULT_TOKEN_TTL_S,
};
use tmr_mock::openapi;
use tmr_mock::shell::{serve, Shell};

struct Args {
    port: u16,
    fixtures: Option<String>,
    static_dir: Option<String>,
    print_openapi: bool,
    print_world: bool,
    rate_limits: bool,
    window_scale: f64,
    max_query_rows: usize,
    outlign_objects: OutlignObjects,
    outlign_token_ttl_s: u64,
}

const USAGE: &str = "usage: tmr-mock [--port N] [--fixtures FILE] [--static DIR] [--rate-limits on|off] [--rate-window-scale F] \
[--max-query-rows N] [--outlign-objects a|b] [--outlign-token-ttl SECS] | tmr-mock --print-openapi | tmr-mock [--fixtures FILE] --print-world";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        port: 4010,
        fixtures: None,
        static_dir: None,
        print_openapi: false,
        print_world: false,
        rate_limits: true,
        window_scale: 1.0,
        max_query_rows: DEFAULT_MAX_QUERY_ROWS,
        outlign_objects: OutlignObjects::A,
        outlign_token_ttl_s: OUTLIGN_DEFAULT_TOKEN_TTL_S,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => a.port = value()?.parse().map_err(|_| "--port must be 0..65535".to_owned())?,
            "--fixtures" => a.fixtures = Some(value()?),
            "--static" => a.static_dir = Some(value()?),
            "--print-openapi" => a.print_openapi = true,
            "--print-world" => a.print_world = true,
            "--rate-window-scale" => {
                a.window_scale =
                    value()?.parse().ok().filter(|f: &f64| *f > 0.0 && *f <= 1.0).ok_or("--rate-window-scale takes a number in (0, 1]")?
            }
            "--max-query-rows" => {
                let (lo, hi) = (MAX_QUERY_ROWS_RANGE.start(), MAX_QUERY_ROWS_RANGE.end());
                a.max_query_rows = value()?
                    .parse()
                    .ok()
                    .filter(|n| MAX_QUERY_ROWS_RANGE.contains(n))
                    .ok_or(format!("--max-query-rows takes a whole number from {lo} to {hi}"))?;
            }
            "--rate-limits" => {
                a.rate_limits = match value()?.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => return Err("--rate-limits takes on or off".to_owned()),
                }
            }
            "--outlign-objects" => {
                a.outlign_objects = OutlignObjects::parse(&value()?).ok_or("--outlign-objects takes a or b")?;
            }
            "--outlign-token-ttl" => {
                a.outlign_token_ttl_s = value()?.parse().map_err(|_| "--outlign-token-ttl takes a whole number of seconds".to_owned())?;
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(a)
}

fn load_world(path: Option<&str>) -> Result<World, String> {
    match path {
        None => Ok(builtin::world()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| format!("--fixtures {p}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("--fixtures {p}: not a world: {e}"))
        }
    }
}

/// Outlign's personas in the TMR lines' format (`outlign_` + name, so the env names derived from
/// them stay valid), then the OAuth app on a line of its own.
fn print_outlign(p: &serde_json::Value) {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    for t in p["tokens"].as_array().into_iter().flatten() {
        let persona = format!("outlign_{}", text(&t["persona"]));
        let note = if t["expires"] == "always" { ", always expired: 401" } else { "" };
        println!("persona {persona:<10} {} (Outlign bearer token{note})", text(&t["token"]));
    }
    let o = &p["oauth"];
    let refresh: Vec<String> = p["refreshTokens"].as_array().into_iter().flatten().map(|r| text(&r["refreshToken"])).collect();
    println!(
        "outlign-oauth client_id {} client_secret {} code {} refresh_tokens {} objects {} token_ttl {}",
        text(&o["clientId"]),
        text(&o["clientSecret"]),
        text(&o["code"]),
        refresh.join(","),
        text(&p["objects"]),
        p["tokenTtl"]
    );
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}\n{USAGE}");
            std::process::exit(2);
        }
    };
    if args.print_openapi {
        print!("{}", openapi::yaml(&openapi::document()));
        return;
    }
    let loaded = load_world(args.fixtures.as_deref());
    if let (true, Ok(w)) = (args.print_world, &loaded) {
        println!("{}", serde_json::to_string_pretty(w).unwrap_or_default());
        return;
    }
    let world = match loaded {
        Ok(w) => w,
        Err(e) => {
            eprintln!("tmr-mock: {e}");
            std::process::exit(2);
        }
    };
    let openapi = Some(openapi::document().to_string().into_bytes().into());
    let listener = match tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.port))).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("tmr-mock: cannot listen on 127.0.0.1:{}: {e}", args.port);
            std::process::exit(1);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(args.port);
    println!("listening on http://127.0.0.1:{port}");
    for t in &world.tokens {
        let persona = t.persona.as_deref().unwrap_or("token");
        let scopes = t.scopes.as_ref().map_or_else(|| "all scopes".to_owned(), |s| s.join(" "));
        println!("persona {persona:<10} {} ({scopes})", t.token);
    }
    let mut mock = Mock::new(world);
    mock.set_rate_limits(args.rate_limits);
    mock.set_rate_window_scale(args.window_scale);
    if let Err(e) = mock.set_max_query_rows(args.max_query_rows) {
        // parse_args took only values in range; a refusal here is a bug, still reported, not a panic.
        eprintln!("tmr-mock: --max-query-rows: {e}");
        std::process::exit(2);
    }
    mock.set_outlign_objects(args.outlign_objects);
    mock.set_outlign_token_ttl(args.outlign_token_ttl_s);
    print_outlign(&mock.outlign_personas());
    let shell = Shell { static_dir: args.static_dir.map(Into::into), openapi, ..Shell::new(mock) };
    let app = axum::Router::new().fallback(move |req| serve(shell.clone(), req));
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("tmr-mock: {e}");
        std::process::exit(1);
    }
}
