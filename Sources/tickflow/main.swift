print("tickflow")
