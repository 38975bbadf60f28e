//! The method groups of `TmrClient` (`client.teams`, `client.members`, …) and `OutlignClient`
//! (`clients`, `companies`). One class serves them all: its methods are its one call function
//! bound to an endpoint of its API's table, so the table is the only list of them (a new row is a
//! new method), and each method works taken off its group (`const { list } = client.teams`).

use super::call::Handle;
use super::error::js_err;
use super::rows::RowBatchIterator;
use crate::core::{Endpoint, Error};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A method group. Not constructed from JS.
#[wasm_bindgen(skip_typescript)]
pub struct Group {
    handle: Handle,
    table: &'static [Endpoint],
}

#[wasm_bindgen]
impl Group {
    /// Call the endpoint at `index` of the table with its positional arguments, then the per-call
    /// options. Not part of the public API: the group's methods are this function, bound.
    #[wasm_bindgen(js_name = __call)]
    #[allow(clippy::too_many_arguments)] // the positional arguments of every method, then the context
    pub fn call(&self, index: u32, a: JsValue, b: JsValue, c: JsValue, d: JsValue, e: JsValue, context: JsValue) -> Promise {
        let Some(endpoint) = self.table.get(index as usize) else {
            return Promise::reject(&js_err(Error::invalid(format!("no endpoint #{index}"))));
        };
        let args = [a, b, c, d, e];
        let arity = endpoint.arity().min(args.len() - 1);
        self.handle.start(endpoint, &args[..arity], args[arity].clone(), context)
    }

    /// The batches of rows of the endpoint at `index` (run-query), read as its answer arrives:
    /// the group's `queryRows`, bound. Not part of the public API.
    #[wasm_bindgen(js_name = __rows)]
    #[allow(clippy::too_many_arguments)] // the same arguments as `__call`, so one wrapper serves both
    pub fn rows(&self, index: u32, a: JsValue, b: JsValue, c: JsValue, d: JsValue, e: JsValue, context: JsValue) -> JsValue {
        let Some(endpoint) = self.table.get(index as usize).filter(|e| e.streamed_as.is_some()) else {
            return js_err(Error::invalid(format!("no streamed endpoint #{index}")));
        };
        let args = [a, b, c, d, e];
        let arity = endpoint.arity().min(args.len() - 1);
        RowBatchIterator::new(self.handle.session.clone(), endpoint, &args[..arity], &args[arity], context).into_js()
    }
}

/// One group object per name in `names` (the group part of the table's `group.method` names),
/// their methods bound from `table`, frozen. Rows of other groups get no method.
pub fn groups<const N: usize>(handle: &Handle, table: &'static [Endpoint], names: [&str; N]) -> [JsValue; N] {
    let groups: [JsValue; N] = std::array::from_fn(|_| Group { handle: handle.clone(), table }.into());
    let own = |name: &str| groups.first().and_then(|g| Reflect::get(g, &name.into()).ok()).and_then(|f| f.dyn_into::<Function>().ok());
    let (call, rows) = (own("__call"), own("__rows"));
    // In Node, methods capture their caller's async context in JS (crate::wasm::context).
    let wrapper = crate::wasm::context::method_wrapper();
    for (index, endpoint) in table.iter().enumerate() {
        let (group, method) = endpoint.group_and_method();
        let (Some(call), Some(i)) = (&call, names.iter().position(|g| *g == group)) else { continue };
        let index = JsValue::from(index as u32);
        // A stream has no single answer to describe: `withResponse` groups have no stream method.
        let streamed = endpoint.streamed_as.filter(|_| !handle.meta);
        let methods = [Some((method, call)), streamed.zip(rows.as_ref())];
        for (name, function) in methods.into_iter().flatten() {
            let f: Function = match &wrapper {
                Some(wrap) => wrap.bind3(&JsValue::NULL, function, &groups[i], &index).unchecked_into(),
                None => function.bind1(&groups[i], &index).unchecked_into(),
            };
            // `length` as declared: the positional arguments, then the options.
            let length = Object::new();
            let _ = Reflect::set(&length, &"value".into(), &JsValue::from(endpoint.arity() as u32 + 1));
            let _ = Reflect::define_property(&f, &"length".into(), &length);
            let _ = Reflect::set(&groups[i], &JsValue::from_str(name), &f);
        }
    }
    for group in &groups {
        Object::freeze(group.unchecked_ref::<Object>());
    }
    groups
}
