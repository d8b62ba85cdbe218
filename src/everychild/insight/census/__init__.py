"""The DfE Children in Need census: each collection year's specification as data, the
export from our records, and the validation rules that check any authority's file."""
