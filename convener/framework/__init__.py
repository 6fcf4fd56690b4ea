"""Framework content packs: the Leading by Convening framework as versioned, editable data."""
