/** A starting config for object detection; labels are matched to COCO class names. */
export const EXAMPLE_CONFIG = `<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="label" toName="image">
    <Label value="Person"/>
    <Label value="Car"/>
    <Label value="Cat"/>
    <Label value="Dog"/>
    <Label value="Cup"/>
  </RectangleLabels>
</View>
`;
