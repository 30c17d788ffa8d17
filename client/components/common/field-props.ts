/** What a labelled form field takes (GOV.UK): its id, label, hint and error; FieldLabel shows them. */
export interface LabelledFieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** The label is the page's heading (one question on the page). */
  isPageHeading?: boolean;
}
