package io.projectservice.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a JSON body chunk by chunk as it arrives, without building anything, with the same
 * constraints as the REST layer's parser: a body too deep, with too long a string or too many
 * tokens is known before it has all arrived, and the tokens counted tell {@link BodyBudget} what
 * its tree will cost. A syntax error ends the scan quietly: the REST layer's parser stops at the
 * same place and says where.
 */
final class JsonScan {
    interface Step {
        /** The tokens this step read. */
        long run() throws StreamConstraintsException;
    }

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private long tokens;
    private boolean broken;

    JsonScan(JsonFactory factory) {
        try {
            this.parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    long feed(byte[] bytes) throws StreamConstraintsException {
        if (broken || bytes.length == 0) {
            return 0;
        }
        try {
            feeder.feedInput(bytes, 0, bytes.length);
        } catch (IOException e) {
            broken = true;
            return 0;
        }
        return drain();
    }

    long finish() throws StreamConstraintsException {
        if (broken) {
            return 0;
        }
        feeder.endOfInput();
        return drain();
    }

    long tokens() {
        return tokens;
    }

    private long drain() throws StreamConstraintsException {
        long read = 0;
        try {
            for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.NOT_AVAILABLE; t = parser.nextToken()) {
                read++;
            }
        } catch (StreamConstraintsException e) {
            throw e;
        } catch (IOException e) {
            broken = true;
        }
        tokens += read;
        return read;
    }
}
