//! The npm package's .wasm: tmr-client with its `js` feature, linked into a crate that is a cdylib
//! alone. rustc exports the `#[wasm_bindgen]` functions of upstream crates from a cdylib, so the
//! glue wasm-bindgen writes for this crate is the one it writes for tmr-client itself; the root
//! crate stays an rlib (tests, the mock, Rust wasm apps), and an rlib alongside the cdylib made the
//! same code 11% larger.

#![forbid(unsafe_code)]
// The crate is the wasm build only; on the host it is empty (no wasm-bindgen to compile there).
#![cfg(target_arch = "wasm32")]

// Links tmr-client, and with it its exports, into this cdylib.
use tmr_client as _;
