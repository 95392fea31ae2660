package io.quintet.objectstore;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A plain HTTP GET on the sync path answers a short text (5.4), which operators use to check reachability. */
@Path("/")
public class ReachabilityResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String reachable() {
        return "objectstore OSP/1 sync server " + ObjectStoreMain.VERSION
                + ": connect with a WebSocket (subprotocol osp.v1.json or osp.v1.cbor)\n";
    }
}
