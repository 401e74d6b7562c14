import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors';
import { parseLabelingConfig } from './parse';

const VALID = `<View>
  <Image name="image" value="$image"/>
  <Text name="text" value="$meta.text[0]"/>
  <RectangleLabels name="label" toName="image" choice="multiple">
    <View><Label value="Car" alias="car" predicted_values="auto,truck" background="red"/></View>
    <Label value="Bus"/>
  </RectangleLabels>
  <Taxonomy name="tax" toName="text"><Choice value="A"><Choice value="B"/></Choice></Taxonomy>
  <Rating name="r" toName="image" maxRating="7"/>
  <!-- comment -->
  <Style>.a { color: red; }</Style>
</View>`;

/** Either a config or a ConfigError: any other throw is a bug. */
function parsesOrConfigError(xml: string): boolean {
  try {
    parseLabelingConfig(xml);
    return true;
  } catch (e) {
    if (e instanceof ConfigError) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.message).toMatch(/^line \d+: /);
      return true;
    }
    throw e;
  }
}

// Deletions, insertions and replacements of XML-significant characters.
const mutation = fc.record({
  at: fc.nat(),
  drop: fc.nat({ max: 6 }),
  insert: fc.oneof(
    fc.constantFrom(
      '<',
      '>',
      '/',
      '"',
      '=',
      '&',
      '$',
      ',',
      ' ',
      '\n',
      '<View>',
      '</View>',
      '<Label value="x"/>',
    ),
    fc.string({ maxLength: 5 }),
  ),
});

describe('parseLabelingConfig never throws anything but ConfigError', () => {
  it('the base config is valid', () => {
    expect(parseLabelingConfig(VALID).controls).toHaveLength(3);
  });

  it('on random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrConfigError), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), parsesOrConfigError), {
      numRuns: 300,
    });
  });

  it('on mutated valid configs', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (edits) => {
        let xml = VALID;
        for (const { at, drop, insert } of edits) {
          const i = at % (xml.length + 1);
          xml = xml.slice(0, i) + insert + xml.slice(i + drop);
        }
        return parsesOrConfigError(xml);
      }),
      { numRuns: 1500 },
    );
  });
});
