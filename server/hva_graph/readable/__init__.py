"""What people read: values of the graph in the forms a reader expects, in fi, sv and en, saying
no more than the source (dates.py: a date at the precision its source gives)."""
