package io.projectservice.analysis.extraction;

import io.projectservice.analysis.Deadline;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/** Stops a parse from the inside when its deadline passes, at the next piece of output. */
public final class DeadlineContentHandler extends ContentHandlerDecorator {
    private final Deadline deadline;

    DeadlineContentHandler(ContentHandler handler, Deadline deadline) {
        super(handler);
        this.deadline = deadline;
    }

    @Override
    public void startElement(String uri, String localName, String name, Attributes atts) throws SAXException {
        deadline.check();
        super.startElement(uri, localName, name, atts);
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        deadline.check();
        super.characters(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        deadline.check();
        super.ignorableWhitespace(ch, start, length);
    }
}
