//! `tmr-mock [--port N] [--fixtures FILE] [--static DIR] [--openapi FILE]`: serve the mock on
//! 127.0.0.1. The first line printed is `listening on http://127.0.0.1:PORT`, then one line per
//! persona with its token.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tmr_mock::engine::{builtin, world::World, Mock};
use tmr_mock::shell::{serve, Shell};

struct Args {
    port: u16,
    fixtures: Option<String>,
    static_dir: Option<String>,
    openapi: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args { port: 4010, fixtures: None, static_dir: None, openapi: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => a.port = value()?.parse().map_err(|_| "--port must be 0..65535".to_owned())?,
            "--fixtures" => a.fixtures = Some(value()?),
            "--static" => a.static_dir = Some(value()?),
            "--openapi" => a.openapi = Some(value()?),
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

fn openapi_json(path: Option<&str>) -> Result<Option<axum::body::Bytes>, String> {
    let Some(p) = path else { return Ok(None) };
    let text = std::fs::read_to_string(p).map_err(|e| format!("--openapi {p}: {e}"))?;
    Ok(Some(text.into_bytes().into()))
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}\nusage: tmr-mock [--port N] [--fixtures FILE] [--static DIR] [--openapi FILE.json]");
            std::process::exit(2);
        }
    };
    let (world, openapi) = match (load_world(args.fixtures.as_deref()), openapi_json(args.openapi.as_deref())) {
        (Ok(w), Ok(o)) => (w, o),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("tmr-mock: {e}");
            std::process::exit(2);
        }
    };
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
    let shell = Shell { mock: Arc::new(Mutex::new(Mock::new(world))), static_dir: args.static_dir.map(Into::into), openapi };
    let app = axum::Router::new().fallback(move |req| serve(shell.clone(), req));
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("tmr-mock: {e}");
        std::process::exit(1);
    }
}
