//! The method groups of `TmrClient` (`client.teams`, `client.members`, …). One class serves all
//! nine: its methods are its one call function bound to an endpoint of the table, so the endpoint
//! table is the only list of them (a new row is a new method), and each method works taken off
//! its group (`const { list } = client.teams`).

use super::call::Handle;
use super::error::js_err;
use crate::core::{Error, ENDPOINTS};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The groups, in the order of `TmrClient`'s getters.
pub const GROUPS: [&str; 9] = ["users", "teams", "members", "invites", "connections", "clients", "connectors", "data", "platform"];

/// A method group. Not constructed from JS.
#[wasm_bindgen(skip_typescript)]
pub struct Group(Handle);

#[wasm_bindgen]
impl Group {
    /// Call the endpoint at `index` of the table with its positional arguments, then the per-call
    /// options. Not part of the public API: the group's methods are this function, bound.
    #[wasm_bindgen(js_name = __call)]
    pub fn call(&self, index: u32, a: JsValue, b: JsValue, c: JsValue, d: JsValue, e: JsValue) -> Promise {
        let Some(endpoint) = ENDPOINTS.get(index as usize) else {
            return Promise::reject(&js_err(Error::invalid(format!("no endpoint #{index}"))));
        };
        let args = [a, b, c, d, e];
        let arity = endpoint.arity().min(args.len() - 1);
        self.0.start(endpoint, &args[..arity], args[arity].clone())
    }
}

/// The nine groups of a client, their methods bound from the endpoint table, frozen.
pub fn groups(handle: &Handle) -> [JsValue; 9] {
    let groups: [JsValue; 9] = std::array::from_fn(|_| Group(handle.clone()).into());
    let call = Reflect::get(&groups[0], &"__call".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    for (index, endpoint) in ENDPOINTS.iter().enumerate() {
        let Some((group, method)) = endpoint.name.split_once('.') else { continue };
        let (Some(call), Some(i)) = (&call, GROUPS.iter().position(|g| *g == group)) else { continue };
        let f: Function = call.bind1(&groups[i], &JsValue::from(index as u32)).unchecked_into();
        // `length` as declared: the positional arguments, then the options.
        let length = Object::new();
        let _ = Reflect::set(&length, &"value".into(), &JsValue::from(endpoint.arity() as u32 + 1));
        let _ = Reflect::define_property(&f, &"length".into(), &length);
        let _ = Reflect::set(&groups[i], &JsValue::from_str(method), &f);
    }
    for group in &groups {
        Object::freeze(group.unchecked_ref::<Object>());
    }
    groups
}
