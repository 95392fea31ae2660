package io.quintet.linkora.extension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The service's pages are well-formed XML, so the DOM contract of spec 10.3 is checked with XPath. */
final class HtmlDocument {

    private final Document document;

    private HtmlDocument(Document document) {
        this.document = document;
    }

    static HtmlDocument parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return new HtmlDocument(factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + e.getMessage() + "\n" + html, e);
        }
    }

    List<Element> all(String xpath) {
        return all(document, xpath);
    }

    static List<Element> all(Node context, String xpath) {
        try {
            NodeList nodes =
                    (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, context, XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>(nodes.getLength());
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            return elements;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Element byId(String id) {
        List<Element> found = all("//*[@id='" + id + "']");
        if (found.size() != 1) {
            throw new AssertionError("expected one element with id " + id + ", found " + found.size());
        }
        return found.get(0);
    }
}
