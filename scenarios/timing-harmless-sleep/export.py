def to_csv(pairs):
    return ["%s,%s" % pair for pair in pairs]
