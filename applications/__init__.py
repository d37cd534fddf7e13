"""Applications: the model, and readers for the council's sheets and the application form."""
