import Testing

@testable import JitCore

@Suite struct XMLReaderTests {
  func parse(_ text: String) throws -> XMLNode { try XMLReader.parse(Array(text.utf8)) }

  @Test func readsElementsAttributesTextAndEntities() throws {
    let root = try parse(
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- a comment before the root -->
      <!DOCTYPE a [ <!ELEMENT a ANY> <!ATTLIST a x CDATA "y"> ]>
      <a x='1 &amp; 2' y="&lt;&#65;&#x42;&gt;">
        <?pi ignored ?>
        <b>one &quot;two&quot; &apos;three&apos;</b>
        <!-- <c>not an element</c> -->
        <ns:c><![CDATA[<raw> & ]]>more</ns:c>
        <d/>
      </a>
      """)
    #expect(root.name == "a")
    #expect(root.attributes == ["x": "1 & 2", "y": "<AB>"])
    #expect(root.children.map(\.name) == ["b", "ns:c", "d"])
    #expect(root.children[0].text == "one \"two\" 'three'")
    #expect(root.children[1].localName == "c")
    #expect(root.children[1].text == "<raw> & more")
    #expect(root.descendants(named: "d").count == 1)
  }

  @Test func readsMultibyteTextAndAByteOrderMark() throws {
    let root = try XMLReader.parse([0xEF, 0xBB, 0xBF] + Array("<t n=\"Grüße\">日本 &#x1F600;</t>".utf8))
    #expect(root.attributes["n"] == "Grüße")
    #expect(root.text == "日本 😀")
  }

  @Test(arguments: [
    ("", "no root element"),
    ("<a>", "not closed"),
    ("<a></b>", "closes"),
    ("<a x=1/>", "quoted"),
    ("<a x='1' x='2'/>", "repeated"),
    ("<a>&bogus;</a>", "unknown entity"),
    ("<a>&#0;</a>", "unknown entity"),
    ("<a/><b/>", "after the root"),
    ("text<a/>", "before the root"),
    ("<a><!-- open</a>", "unterminated comment"),
    ("<a><![CDATA[x</a>", "unterminated CDATA"),
    ("<a x='<'/>", "'<'"),
    ("<a\n\n><b></a>", "line 3"),
  ])
  func rejectsMalformedDocuments(input: String, expected: String) throws {
    let error = try #require(throws: XMLSyntaxError.self) { try parse(input) }
    #expect(error.description.contains(expected), "\(error)")
  }

  @Test func refusesNestingWithoutBound() throws {
    let deep = String(repeating: "<a>", count: XMLReader.maximumDepth + 1)
    let error = try #require(throws: XMLSyntaxError.self) { try parse(deep) }
    #expect(error.message.contains("deeply"))
  }
}
