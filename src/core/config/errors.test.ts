import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import { parseLabelingConfig } from './parse';

function errorOf(xml: string): ConfigError {
  try {
    parseLabelingConfig(xml);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('ConfigError cases', () => {
  it('names the missing object and lists the real ones', () => {
    const err = errorOf(`<View>
  <Image name="image" value="$image"/>

  <RectangleLabels name="label" toName="img">
    <Label value="Car"/>
  </RectangleLabels>
</View>`);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(
      'line 4: <RectangleLabels name="label"> has toName="img" but there is no object tag named "img" (objects: image)',
    );
    expect([err.line, err.column]).toEqual([4, 3]);
  });

  it('checks every name of a comma-separated toName', () => {
    const err = errorOf(`<View>
  <Text name="a" value="$a"/>
  <Choices name="c" toName="a,b"><Choice value="x"/></Choices>
</View>`);
    expect(err.line).toBe(3);
    expect(err.message).toContain('no object tag named "b"');
  });

  it('says when toName names a control instead of an object', () => {
    const err = errorOf(`<View>
  <Image name="img" value="$i"/>
  <Choices name="c" toName="img"><Choice value="x"/></Choices>
  <TextArea name="t" toName="c"/>
</View>`);
    expect(err.line).toBe(4);
    expect(err.message).toContain('"c" is <Choices name="c">, a control, not an object tag');
  });

  it('reports malformed XML at the parser position', () => {
    const unclosed = errorOf(`<View>
  <Image name="img" value="$i">
  <Choices name="c" toName="img"/>
</View>`);
    expect(unclosed.line).toBe(4);
    expect(unclosed.message).toMatch(
      /^line 4: malformed XML: a closing tag does not match <Image> opened on line 2/,
    );

    const badAttr = errorOf('<View>\n\n  <Image name=img value="$i"/>\n</View>');
    expect(badAttr.line).toBe(3);
    expect(badAttr.message).toMatch(/^line 3: malformed XML: .*unquoted attribute value/);

    const neverClosed = errorOf('<View>\n  <Header value="x"/>\n');
    expect(neverClosed.message).toMatch(/<View> opened on line 1 is never closed/);

    expect(errorOf('').message).toBe('line 1: the config is empty: it needs a <View> root tag');
    expect(errorOf('<View>\n<Header value="a &nbsp; b"/></View>').line).toBe(2);
  });

  it('requires <View> as the root', () => {
    const err = errorOf('<!-- a comment -->\n<Image name="img" value="$i"/>');
    expect(err.line).toBe(2);
    expect(err.message).toBe('line 2: the root tag must be <View>, not <Image>');
  });

  it('rejects duplicate names and points at both', () => {
    const err = errorOf(`<View>
  <Image name="image" value="$i"/>
  <RectangleLabels name="label" toName="image"><Label value="a"/></RectangleLabels>
  <PolygonLabels name="label" toName="image"><Label value="a"/></PolygonLabels>
</View>`);
    expect(err.line).toBe(4);
    expect(err.message).toBe(
      'line 4: name "label" is used twice: <PolygonLabels name="label"> here and <RectangleLabels name="label"> on line 3; names must be unique',
    );
  });

  it('rejects an object tag and a control sharing a name', () => {
    const err = errorOf(
      '<View>\n<Text name="x" value="$t"/>\n<Choices name="x" toName="x"/>\n</View>',
    );
    expect(err.line).toBe(3);
  });

  it('requires a name on controls and objects', () => {
    const control = errorOf(
      '<View>\n<Image name="i" value="$i"/>\n\n<Choices toName="i"/>\n</View>',
    );
    expect(control.line).toBe(4);
    expect(control.message).toContain('<Choices> has no name="…" attribute');
    const object = errorOf('<View>\n<Image value="$i"/>\n</View>');
    expect(object.line).toBe(2);
    expect(object.message).toContain('every object tag needs a unique name');
    // A blank name is no name.
    expect(errorOf('<View>\n<Text name=" " value="$t"/>\n</View>').line).toBe(2);
  });

  it('requires toName on controls', () => {
    const err = errorOf(
      '<View>\n<Audio name="audio" value="$a"/>\n<Labels name="l">\n</Labels>\n</View>',
    );
    expect(err.line).toBe(3);
    expect(err.message).toBe(
      'line 3: <Labels name="l"> has no toName="…" attribute: set it to the name of the object tag it labels (objects: audio)',
    );
    expect(
      errorOf('<View><Audio name="a" value="$a"/>\n<Labels name="l" toName=" , "/></View>').line,
    ).toBe(2);
  });

  it('rejects a Label or Choice outside any control', () => {
    const err = errorOf(`<View>
  <Image name="img" value="$i"/>
  <View>
    <Label value="Car"/>
  </View>
</View>`);
    expect(err.line).toBe(4);
    expect(err.message).toMatch(/^line 4: <Label value="Car"> is outside any control tag/);
    const typo = errorOf(
      '<View><Image name="img" value="$i"/>\n<RectangelLabels name="b" toName="img">\n<Label value="Car"/></RectangelLabels></View>',
    );
    expect(typo.line).toBe(3);
    expect(typo.message).toContain(
      'the enclosing <RectangelLabels> on line 2 is not a Label Studio control',
    );
  });

  it('refuses absurdly deep nesting instead of overflowing the stack', () => {
    const deep = '<View>' + '<View>'.repeat(5000) + '</View>'.repeat(5001);
    expect(errorOf(deep).message).toContain('nested more than');
  });
});
