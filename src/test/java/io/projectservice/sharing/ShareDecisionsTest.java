package io.projectservice.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.projectservice.errors.Refusal;
import io.projectservice.eventstore.NewEvent;
import io.projectservice.security.Caller;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The share decisions without a database: who may share, accept, revoke, change the role of and
 * leave a share, which state moves are allowed, what a repeated change does (nothing), and expiry.
 */
class ShareDecisionsTest {
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final Caller ANN = new Caller("ann", "acme", Set.of("user"), "sub-ann", "ann@acme.test");
    private static final Caller BOB = new Caller("bob", "acme", Set.of("user"), "sub-bob", "bob@acme.test");
    private static final Caller EVE = new Caller("eve", "other", Set.of("user"), "sub-eve", null);
    private static final Recipient TO_BOB = new Recipient("sub-bob", null, null, null);

    /** A share of p1 from ann to bob with this role, status, expiry and project. */
    private static Share share(String role, String status, boolean expired, boolean projectGone) {
        return new Share("shr_0123456789abcdef0123", "p1", 1, "ann", "acme", TO_BOB, ShareRole.parse(role), status, NOW,
                expired ? NOW.minusMinutes(1) : null, null, expired, projectGone, null);
    }

    private static Share share(String status) {
        return share("viewer", status, false, false);
    }

    private static void refused(Refusal.Kind kind, String code, Runnable decision) {
        Refusal r = assertThrows(Refusal.class, decision::run);
        assertEquals(kind, r.kind(), r.getMessage());
        assertEquals(code, r.code(), r.getMessage());
    }

    /** Runs a transition: the event type it appends, "-" for none, or the refusal code. */
    private static String outcome(Function<Share, NewEvent> transition, Share share) {
        try {
            NewEvent e = transition.apply(share);
            return e == null ? "-" : e.type();
        } catch (Refusal r) {
            return r.code();
        }
    }

    // ---- the state machine: status x transition

    @ParameterizedTest(name = "{0}, expired {1}, project gone {2}: accept {3}, leave {4}, revoke {5}, role {6}")
    @CsvSource({
            // status, expired, project gone, accept, leave, revoke, change role (to editor)
            "pending, false, false, ShareAccepted, ShareLeft, ShareRevoked, ShareRoleChanged",
            "accepted, false, false, -, ShareLeft, ShareRevoked, ShareRoleChanged", // accepting again: nothing
            "revoked, false, false, share_inactive, share_ended, -, share_inactive", // revoking again: nothing
            "left, false, false, share_inactive, -, share_ended, share_inactive", // leaving again: nothing
            "superseded, false, false, share_inactive, share_ended, share_ended, share_inactive",
            "pending, true, false, share_expired, ShareLeft, ShareRevoked, share_expired",
            "accepted, true, false, share_expired, ShareLeft, ShareRevoked, share_expired", // expired: not usable
            "pending, false, true, share_project_deleted, ShareLeft, ShareRevoked, share_project_deleted",
            "accepted, false, true, share_project_deleted, ShareLeft, ShareRevoked, share_project_deleted",
            "revoked, true, true, share_inactive, share_ended, -, share_inactive"})
    void eachStatusAllowsItsTransitions(String status, boolean expired, boolean gone, String accept, String leave,
            String revoke, String role) {
        Share s = share("viewer", status, expired, gone);
        assertEquals(accept, outcome(ShareDecisions::accept, s), "accept");
        assertEquals(leave, outcome(ShareDecisions::leave, s), "leave");
        assertEquals(revoke, outcome(ShareDecisions::revoke, s), "revoke");
        assertEquals(role, outcome(x -> ShareDecisions.changeRole(x, ShareRole.EDITOR), s), "change role");
    }

    @ParameterizedTest(name = "{0} to {1}: {2}")
    @CsvSource({"viewer, viewer, -", "editor, editor, -", "viewer, editor, ShareRoleChanged",
            "editor, viewer, ShareRoleChanged"})
    void changingToTheSameRoleAppendsNothing(String from, String to, String expected) {
        Share s = share(from, Share.ACCEPTED, false, false);
        assertEquals(expected, outcome(x -> ShareDecisions.changeRole(x, ShareRole.parse(to)), s));
    }

    @Test
    void aRoleChangeRecordsTheRoleBefore() {
        NewEvent e = ShareDecisions.changeRole(share("viewer", Share.PENDING, false, false), ShareRole.EDITOR);
        assertEquals("editor", e.data().path("share_role").asText());
        assertEquals("viewer", e.data().path("previous_role").asText());
    }

    @ParameterizedTest(name = "project gone {0}: an event is recorded {1}")
    @CsvSource({"false, true", "true, false"})
    void aShareOfAGoneProjectChangesOnlyItsRow(boolean gone, boolean records) {
        assertEquals(records, ShareDecisions.recordsEvent(share("viewer", Share.ACCEPTED, false, gone)));
    }

    // ---- who may

    @ParameterizedTest(name = "{0} (holds a grant {1}) on ann's share to bob: {2}")
    @CsvSource({"ann, false, allowed", "ann, true, allowed", "bob, false, owner_only_share",
            "bob, true, owner_only_share", "eve, true, owner_only_share", "eve, false, share_not_found"})
    void onlyTheSharerChangesAShare(String who, boolean holdsGrant, String expected) {
        Caller caller = switch (who) {
            case "ann" -> ANN;
            case "bob" -> BOB;
            default -> EVE;
        };
        Share s = share(Share.ACCEPTED);
        if (expected.equals("allowed")) {
            ShareDecisions.requireSharer(s, caller, holdsGrant);
            assertTrue(ShareDecisions.isSharer(s, caller));
        } else {
            assertFalse(ShareDecisions.isSharer(s, caller));
            Refusal.Kind kind = expected.equals("share_not_found") ? Refusal.Kind.NOT_FOUND : Refusal.Kind.FORBIDDEN;
            refused(kind, expected, () -> ShareDecisions.requireSharer(s, caller, holdsGrant));
        }
    }

    @Test
    void theSharerOfTheSameNameInAnotherOrganizationIsNotTheSharer() {
        assertFalse(ShareDecisions.isSharer(share(Share.ACCEPTED), new Caller("ann", "other", Set.of())));
    }

    @ParameterizedTest(name = "recipient {0} is the caller bob: {1}")
    @CsvSource(nullValues = "-", value = {
            "sub-bob, -, -, -, true", "-, bob@acme.test, -, -, true", "-, -, bob, acme, true",
            "sub-eve, -, -, -, false", "-, eve@acme.test, -, -, false", "-, -, bob, other, false",
            "-, -, ann, acme, false"})
    void onlyTheRecipientAcceptsOrLeaves(String sub, String email, String username, String org, boolean allowed) {
        Recipient recipient = new Recipient(sub, email, username, org);
        Share s = new Share("shr_0123456789abcdef0123", "p1", 1, "ann", "acme", recipient,
                ShareRole.VIEWER, Share.PENDING, NOW, null, null, false, false, null);
        if (allowed) {
            ShareDecisions.requireRecipient(s, BOB);
        } else {
            refused(Refusal.Kind.NOT_FOUND, "share_not_found", () -> ShareDecisions.requireRecipient(s, BOB));
        }
    }

    @Test
    void nobodySharesWithThemselves() {
        refused(Refusal.Kind.INVALID, "share_with_self",
                () -> ShareDecisions.requireOtherThanSharer(new Recipient(null, "ann@acme.test", null, null), ANN));
        refused(Refusal.Kind.INVALID, "share_with_self",
                () -> ShareDecisions.requireOtherThanSharer(new Recipient(null, null, "ann", "acme"), ANN));
        ShareDecisions.requireOtherThanSharer(TO_BOB, ANN);
    }

    // ---- the new share

    @ParameterizedTest(name = "expires in {0} (at most 60): {1}")
    @CsvSource(nullValues = "-", value = {"-, never", "1, 1", "30, 30", "60, 60", "0, expiry_invalid",
            "-5, expiry_invalid", "61, expiry_invalid"})
    void expiryIsBetweenOneMinuteAndTheMost(Integer minutes, String expected) {
        switch (expected) {
            case "never" -> assertNull(ShareDecisions.expiresAt(minutes, 60, NOW));
            case "expiry_invalid" -> refused(Refusal.Kind.INVALID, expected,
                    () -> ShareDecisions.expiresAt(minutes, 60, NOW));
            default -> assertEquals(NOW.plusMinutes(Integer.parseInt(expected)),
                    ShareDecisions.expiresAt(minutes, 60, NOW));
        }
    }

    @ParameterizedTest(name = "{0} open of at most 3: refused {1}")
    @CsvSource({"0, false", "2, false", "3, true", "4, true"})
    void aProjectHasAtMostSoManyOpenShares(long open, boolean refused) {
        if (refused) {
            refused(Refusal.Kind.CONFLICT, "share_limit_reached", () -> ShareDecisions.requireRoom("p1", open, 3));
        } else {
            ShareDecisions.requireRoom("p1", open, 3);
        }
    }

    @ParameterizedTest(name = "{0} earlier open shares to the recipient")
    @ValueSource(ints = {0, 1, 2})
    void aNewShareSupersedesTheOpenOnesToTheSameRecipientFirst(int earlier) {
        List<Share> open = java.util.stream.IntStream.range(0, earlier)
                .mapToObj(i -> new Share("shr_0000000000000000000" + i, "p1", 1, "ann", "acme", TO_BOB,
                        ShareRole.VIEWER, Share.PENDING, NOW, null, null, false, false, null)).toList();
        List<NewEvent> events =
                ShareDecisions.share("shr_ffffffffffffffffffff", ShareRole.EDITOR, TO_BOB, null, ANN, open);
        assertEquals(earlier + 1, events.size());
        for (int i = 0; i < earlier; i++) {
            assertEquals(ShareEvents.SUPERSEDED, events.get(i).type());
            assertEquals(open.get(i).shareId(), events.get(i).data().path("share_id").asText());
        }
        NewEvent shared = events.get(earlier);
        assertEquals(ShareEvents.SHARED, shared.type());
        assertEquals("editor", shared.data().path("share_role").asText());
        assertEquals("ann", shared.data().path("sharer").path("username").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"viewer", "editor"})
    void theRolesAreViewerAndEditor(String role) {
        assertEquals(role, ShareDecisions.requireRole(role).wire());
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "Viewer", "EDITOR", "", " viewer"})
    void anyOtherRoleIsInvalid(String role) {
        refused(Refusal.Kind.INVALID, "share_role_invalid", () -> ShareDecisions.requireRole(role));
    }

    @ParameterizedTest(name = "share id {0}: {1}")
    @CsvSource(nullValues = "-", value = {"shr_0123456789abcdef0123, ok", "-, field_required", "'', field_required",
            "shr_0123456789ABCDEF0123, share_id_invalid", "shr_0123, share_id_invalid",
            "p_0123456789abcdef0123, share_id_invalid", "shr_0123456789abcdef01234, share_id_invalid"})
    void shareIdsHaveOneShape(String shareId, String expected) {
        if (expected.equals("ok")) {
            assertEquals(shareId, ShareDecisions.requireShareId(shareId));
        } else {
            refused(Refusal.Kind.INVALID, expected, () -> ShareDecisions.requireShareId(shareId));
        }
    }
}
