//! The method groups of `TmrClient` (`client.teams`, `client.members`, …), one JS method per row
//! of the endpoint table. Each names its endpoint, so a method the table lacks does not build; a
//! test checks that every row has its method with the table's arity.

use super::call::Handle;
use crate::endpoint;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

macro_rules! group {
    ($(#[$doc:meta])* $class:ident { $( $method:ident $(as $js:literal)? = $name:literal ($($arg:ident),*); )* }) => {
        $(#[$doc])*
        #[wasm_bindgen]
        pub struct $class(pub(super) Handle);

        #[wasm_bindgen]
        impl $class {
            $(
                #[wasm_bindgen $((js_name = $js))?]
                pub fn $method(&self, $($arg: JsValue,)* options: JsValue) -> Promise {
                    self.0.start(endpoint!($name), &[$($arg),*], options)
                }
            )*
        }
    };
}

group!(/// `client.users`: the key owner's account.
Users {
    me = "users.me" ();
    update_name as "updateName" = "users.updateName" (name);
    upload_avatar as "uploadAvatar" = "users.uploadAvatar" (file, upload);
    delete_avatar as "deleteAvatar" = "users.deleteAvatar" ();
    preferences = "users.preferences" ();
    update_preferences as "updatePreferences" = "users.updatePreferences" (patch);
});

group!(/// `client.teams`.
Teams {
    list = "teams.list" ();
    get = "teams.get" (team_id);
    rename = "teams.rename" (team_id, name);
});

group!(/// `client.members`.
Members {
    list = "members.list" (team_id);
    update_role as "updateRole" = "members.updateRole" (team_id, user_id, role);
    remove = "members.remove" (team_id, user_id);
});

group!(/// `client.invites`.
Invites {
    list = "invites.list" (team_id);
    create = "invites.create" (team_id, invite);
});

group!(/// `client.connections`.
Connections {
    list = "connections.list" (team_id);
    get = "connections.get" (team_id, connection_id);
    accounts = "connections.accounts" (team_id, connection_id);
    delete = "connections.delete" (team_id, connection_id);
});

group!(/// `client.clients`.
Clients {
    list = "clients.list" (team_id);
    get = "clients.get" (team_id, client_id);
    accounts = "clients.accounts" (team_id, client_id);
    accounts_by_connector as "accountsByConnector" = "clients.accountsByConnector" (team_id, client_id, connector_id);
    link_account as "linkAccount" = "clients.linkAccount" (team_id, client_id, connector_id, account_id);
    unlink_account as "unlinkAccount" = "clients.unlinkAccount" (team_id, client_id, connector_id, account_id);
});

group!(/// `client.connectors`.
Connectors {
    list = "connectors.list" (team_id);
    all_accounts as "allAccounts" = "connectors.allAccounts" (team_id, filter);
    accounts = "connectors.accounts" (team_id, connector_id, filter);
    fields = "connectors.fields" (team_id, connector_id, filter);
    enable_account as "enableAccount" = "connectors.enableAccount" (team_id, connector_id, account_id);
    disable_account as "disableAccount" = "connectors.disableAccount" (team_id, connector_id, account_id);
});

group!(/// `client.data`.
Data {
    run_query as "runQuery" = "data.runQuery" (team_id, query);
});

group!(/// `client.platform`.
Platform {
    plans = "platform.plans" ();
});
