print("report v1")
