package io.modelfleet.plugin.target.kubernetes.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.modelfleet.api.Page;
import io.modelfleet.api.edge.Edge;
import io.modelfleet.api.edge.EdgeIdentity;
import io.modelfleet.api.edge.EdgeQuery;
import io.modelfleet.api.edge.EdgeRegistration;
import io.modelfleet.api.edge.EdgeState;
import io.modelfleet.api.edge.EdgeUpdate;
import io.modelfleet.api.edge.EnrollRequest;
import io.modelfleet.api.edge.Enrollment;
import io.modelfleet.api.edge.EnrollmentToken;
import io.modelfleet.api.edge.FleetService;
import io.modelfleet.api.edge.FleetSummary;
import io.modelfleet.api.edge.Heartbeat;
import io.modelfleet.api.edge.HeartbeatReply;
import io.modelfleet.api.edge.IssuedToken;
import io.modelfleet.api.edge.TokenRequest;

/** Only {@link #issueCredential}, recording what it issued; the rest is not for a deployment target. */
final class StubFleet implements FleetService {
    /** {@code edgeId actor credential}, in order. */
    final List<String[]> issued = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public synchronized String issueCredential(long edgeId, String actor) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String credential = "mfc_" + edgeId + "_" + HexFormat.of().formatHex(secret);
        issued.add(new String[] { String.valueOf(edgeId), actor, credential });
        return credential;
    }

    @Override
    public IssuedToken createToken(TokenRequest request, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<EnrollmentToken> listTokens(boolean includeInactive) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void revokeToken(long tokenId, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void deleteEdge(long edgeId, boolean removeData, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Enrollment enroll(EnrollRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public EdgeIdentity authenticateEdge(String credential) {
        throw new UnsupportedOperationException();
    }

    @Override
    public HeartbeatReply heartbeat(long edgeId, Heartbeat heartbeat) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Page<Edge> listEdges(EdgeQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Edge getEdge(long edgeId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Edge updateEdge(long edgeId, EdgeUpdate update, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Edge setState(long edgeId, EdgeState state, String actor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FleetSummary summary() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Edge registerEdge(EdgeRegistration registration, String actor) {
        throw new UnsupportedOperationException();
    }
}
